import { presentSignIn } from '../presentation.js';
import type { HandlerDeps, NamespaceHandlers } from './handler.js';

export function setupHandlers({ core, sessions }: HandlerDeps): NamespaceHandlers<'setup'> {
  return {
    'setup.createAdmin': async ({ email, displayName, password }, { actor }) => {
      // Only the very first account may be created without signing in, and it is the administrator;
      // the core refuses any other before it looks at the address or the password.
      await core.accounts.create({ email, displayName, password, onlyIfFirst: true }, actor);
      return presentSignIn(sessions, await core.signIn.password(email, password));
    },
  };
}
