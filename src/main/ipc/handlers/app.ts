import { GatehouseError } from '../../common/errors.js';
import type { HandlerDeps, NamespaceHandlers } from './handler.js';

export function appHandlers({ core, sessions, about }: HandlerDeps): NamespaceHandlers<'app'> {
  return {
    'app.about': () => about(),
    'app.status': () => ({
      needsSetup: core.accounts.isEmpty(),
      session: sessions.view(),
      passwordMinLength: core.policy.current().passwordMinLength,
      storeProblem: null,
      canRestoreWithKit: false,
    }),
    'app.restoreWithKit': () => {
      throw new GatehouseError('conflict', 'Gatehouse has its key and its data open: there is nothing to restore.');
    },
  };
}
