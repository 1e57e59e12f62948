import type { z } from 'zod';
import type { AboutView, Channel, Contract, ResponseOf } from '../../../shared/index.js';
import { GatehouseError } from '../../common/errors.js';
import type { Clock } from '../../common/ports.js';
import type { Gatehouse } from '../../core/gatehouse.js';
import type { Session, SessionManager } from '../../core/sessions.js';
import type { AccessCheck, Caller, SessionCaller } from '../access.js';
import type { ProviderSignIns } from '../provider-sign-ins.js';
import type { KeyCustody } from '../app-services.js';

export interface HandlerDeps {
  core: Gatehouse;
  sessions: SessionManager;
  clock: Clock;
  providerSignIns: ProviderSignIns;
  /** The store key's custody beyond the keychain: the emergency kit. */
  custody: KeyCustody;
  /** The dispatcher's access check, for a handler that waits and must check again before it acts. */
  checkAccess: AccessCheck;
  /** About Gatehouse (ipc/about.ts). */
  about: () => AboutView;
}

/** Who a handler is called for: a channel that needs a session gets one, checked by the dispatcher. */
export type CallerOf<C extends Channel> = Contract[C]['access'] extends 'public' | 'flow' ? Caller : SessionCaller;

/** One channel's behaviour: its parsed request and its caller in, its answer out. Access is already checked. */
export type Handler<C extends Channel> = (request: z.output<Contract[C]['request']>, caller: CallerOf<C>) => Promise<ResponseOf<C>> | ResponseOf<C>;

/** The handlers of one namespace (`account`: every `account.*` channel), as its file provides them. */
export type NamespaceHandlers<N extends string> = { [C in Channel as C extends `${N}.${string}` ? C : never]: Handler<C> };

export type HandlerTable = { [C in Channel]: Handler<C> };

/**
 * After a wait in the browser, which may have lasted minutes: the session that asked must still
 * be there, unlocked, and the same account, or a walk-up could finish its step with their own identity.
 */
export function requireSameSession(checkAccess: AccessCheck, session: Session): void {
  if (checkAccess('session').session?.subject !== session.subject) throw new GatehouseError('session_required', 'Please sign in.');
}
