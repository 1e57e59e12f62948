import type { HandlerDeps, NamespaceHandlers } from './handler.js';

export function appHandlers({ core, sessions }: HandlerDeps): NamespaceHandlers<'app'> {
  return {
    'app.status': () => ({ needsSetup: core.accounts.isEmpty(), session: sessions.view(), passwordMinLength: core.policy.current().passwordMinLength, storeProblem: null }),
  };
}
