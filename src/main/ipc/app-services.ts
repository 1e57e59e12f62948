import type { Gatehouse } from '../core/gatehouse.js';
import type { Clock } from '../core/ports.js';
import { SessionManager } from '../core/sessions.js';
import { createDispatcher, type Dispatch, type Log } from './dispatch.js';
import { createHandlers } from './handlers.js';

export interface AppServices {
  sessions: SessionManager;
  dispatch: Dispatch;
}

/** What both transports serve: one session manager and one dispatcher over the core. */
export function createAppServices(core: Gatehouse, clock: Clock, log?: Log): AppServices {
  const sessions = new SessionManager(clock, () => core.policy().idleLockMinutes * 60_000);
  return { sessions, dispatch: createDispatcher(createHandlers({ core, sessions, clock }), log) };
}
