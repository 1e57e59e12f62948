import type { HandlerDeps, NamespaceHandlers } from './handler.js';

export function passwordHandlers({ core }: HandlerDeps): NamespaceHandlers<'password'> {
  return {
    'password.check': ({ password, email }, { session }) => {
      // For someone else's new password (first run, an admin adding an account) the form says whose;
      // otherwise it is the signed-in user's own. The check reads no account: it reveals nothing.
      const account = email !== undefined ? { email: email.toLowerCase(), isAdmin: core.accounts.isEmpty() } : { email: session?.email ?? '', isAdmin: session?.isAdmin ?? false };
      return { problems: core.policy.checkNewPassword(password, account), minLength: core.policy.current().passwordMinLength };
    },
  };
}
