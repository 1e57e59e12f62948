import { accountHandlers } from './account.js';
import { adminHandlers } from './admin.js';
import { appHandlers } from './app.js';
import { authHandlers } from './auth.js';
import type { HandlerDeps, HandlerTable } from './handler.js';
import { passwordHandlers } from './password.js';
import { sessionHandlers } from './session.js';
import { setupHandlers } from './setup.js';

export type { HandlerDeps, HandlerTable } from './handler.js';

/**
 * Every channel's behaviour: one file per contract namespace, merged here. The type makes a
 * missing channel a compile error, and handlers.test.ts checks the table against the contract
 * at run time. Who may call each channel is the contract's `access`, checked by the dispatcher
 * before a handler runs: handlers hold no access checks of their own.
 */
export function createHandlers(deps: HandlerDeps): HandlerTable {
  return {
    ...appHandlers(deps),
    ...setupHandlers(deps),
    ...passwordHandlers(deps),
    ...authHandlers(deps),
    ...sessionHandlers(deps),
    ...accountHandlers(deps),
    ...adminHandlers(deps),
  };
}
