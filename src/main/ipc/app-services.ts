import type { AppStatus } from '../../shared/index.js';
import { GatehouseError } from '../common/errors.js';
import type { Gatehouse } from '../core/gatehouse.js';
import { cryptoRandom, type Clock } from '../common/ports.js';
import { hostname } from 'node:os';
import { createEmergencyKit } from '../store/custody.js';
import type { StoreLocation } from '../store/open.js';
import { SessionManager } from '../core/sessions.js';
import { createDispatcher, type Dispatch, type Log } from './dispatch.js';
import { createAccessCheck } from './access.js';
import { createHandlers } from './handlers/index.js';
import { ProviderSignIns, type BrowserOpener } from './provider-sign-ins.js';

export interface AppServices {
  sessions: SessionManager;
  dispatch: Dispatch;
}

/** Without a browser (tests of other things): a provider sign-in is refused in words. */
const NO_BROWSER: BrowserOpener = async () => {
  throw new GatehouseError('provider_unreachable', 'Gatehouse cannot open a browser here.');
};

/** Where the store is, for what concerns its key rather than its contents (the emergency kit). */
export interface KeyCustody {
  createKit(): Promise<{ recoveryKey: string; storeId: string }>;
  computer: string;
}

/** Without a data folder (tests of other things): no kit can be made, said in words. */
const NO_CUSTODY: KeyCustody = {
  createKit: async () => {
    throw new GatehouseError('store_locked', 'This Gatehouse cannot make an emergency kit here.');
  },
  computer: 'this computer',
};

/** The emergency kit of the store in `location`, made with the key its keychain holds. */
export function custodyFor(location: StoreLocation, clock: Clock): KeyCustody {
  return { createKit: () => createEmergencyKit(location, cryptoRandom, new Date(clock.now())), computer: hostname() };
}

/** What both transports serve: one session manager and one dispatcher over the core. */
export function createAppServices(core: Gatehouse, clock: Clock, log?: Log, openInBrowser: BrowserOpener = NO_BROWSER, custody: KeyCustody = NO_CUSTODY): AppServices {
  const sessions = new SessionManager(clock, () => core.policy.current().idleLockMinutes * 60_000);
  const base = { core, sessions, clock, providerSignIns: new ProviderSignIns(core, openInBrowser), custody };
  const checkAccess = createAccessCheck(base);
  const deps = { ...base, checkAccess };
  return { sessions, dispatch: createDispatcher({ handlers: createHandlers(deps), checkAccess }, log, (error) => core.storeFailure(error)) };
}

/**
 * What both transports serve when the store cannot be opened: the status names the problem, so
 * the app shows it (never a first run), and every other request is refused with the same words.
 */
export function createProblemServices(problem: GatehouseError, clock: Clock): AppServices {
  const error = { code: problem.code, message: problem.message };
  const status: AppStatus = { needsSetup: false, session: null, passwordMinLength: 0, storeProblem: error };
  return {
    sessions: new SessionManager(clock, () => Number.POSITIVE_INFINITY),
    dispatch: async (channel) => (channel === 'app.status' ? { ok: true, value: status } : { ok: false, error }),
  };
}
