import { contract, describeInputProblem, type AboutView, type AppStatus, type BackupsView, type Result } from '../../shared/index.js';
import { NO_ABOUT } from './about.js';
import { GatehouseError } from '../common/errors.js';
import type { Gatehouse } from '../core/gatehouse.js';
import { cryptoRandom, type Clock } from '../common/ports.js';
import { hostname } from 'node:os';
import { createEmergencyKit, hasEmergencyKit, keepNewEmergencyKit, restoreAccessWithKit } from '../store/custody.js';
import { backupIfDue, backupToFolder, readBackupSettings, writeBackupSettings, type BackupSettings } from '../store/backup.js';
import type { Store } from '../store/store.js';
import { rotateStoreKey, type RotationResult } from '../store/rotation.js';
import { openGatehouseForApp, type OpenGatehouse, type OpenOptions } from '../open-gatehouse.js';
import type { StoreLocation } from '../store/open.js';
import { inspectDataFolder } from '../store/data-folder.js';
import { KEY_FILE_NAME } from '../secrets/file-keychain.js';
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
  createKit(): Promise<{ recoveryKey: string; storeId: string; pending: boolean }>;
  /** The new kit kept: it replaces the one in force. */
  keepKit(): Promise<void>;
  computer: string;
  backups(): BackupsView;
  setBackupFolder(settings: BackupSettings): Promise<BackupsView>;
  backupNow(): Promise<{ file: string; madeAt: number; removed: number }>;
  /** A new store key for the open store (store/rotation.ts); the emergency kit's recovery key stays the same. */
  rotateKey(): Promise<RotationResult>;
  /** The daily backup, when turned on and due: the app asks hourly. */
  backupIfDue(): Promise<string | null>;
}

/** Without a data folder (tests of other things): no kit can be made, said in words. */
const nowhere = async (): Promise<never> => {
  throw new GatehouseError('store_locked', 'This Gatehouse keeps no emergency kit or backups here.');
};
const NO_CUSTODY: KeyCustody = {
  createKit: nowhere,
  keepKit: nowhere,
  computer: 'this computer',
  backups: () => ({ folder: null, keep: 10, daily: false }),
  setBackupFolder: nowhere,
  backupNow: nowhere,
  rotateKey: nowhere,
  backupIfDue: async () => null,
};

/** The emergency kit of the store in `location`, made with the key its keychain holds. */
export function custodyFor(location: StoreLocation, clock: Clock, store: Store): KeyCustody {
  const view = (): BackupsView => {
    const settings = readBackupSettings(store);
    return { folder: settings?.folder ?? null, keep: settings?.keep ?? 10, daily: settings?.daily ?? false };
  };
  return {
    createKit: () => createEmergencyKit(location, store, cryptoRandom, new Date(clock.now())),
    keepKit: () => keepNewEmergencyKit(location),
    computer: hostname(),
    backups: view,
    setBackupFolder: async (settings) => (await writeBackupSettings(store, settings), view()),
    backupNow: async () => {
      const now = new Date(clock.now());
      const { file, removed } = await backupToFolder(location, store, now);
      return { file, madeAt: now.getTime(), removed };
    },
    rotateKey: () => rotateStoreKey(location, store, cryptoRandom),
    backupIfDue: async () => (await backupIfDue(location, store, new Date(clock.now())))?.file ?? null,
  };
}

/** What both transports serve: one session manager and one dispatcher over the core. */
export function createAppServices(
  core: Gatehouse,
  clock: Clock,
  log?: Log,
  openInBrowser: BrowserOpener = NO_BROWSER,
  custody: KeyCustody = NO_CUSTODY,
  about: () => AboutView = NO_ABOUT,
): AppServices {
  const sessions = new SessionManager(clock, () => core.policy.current().idleLockMinutes * 60_000);
  const base = { core, sessions, clock, providerSignIns: new ProviderSignIns(core, openInBrowser), custody, about };
  const checkAccess = createAccessCheck(base);
  const deps = { ...base, checkAccess };
  return { sessions, dispatch: createDispatcher({ handlers: createHandlers(deps), checkAccess }, log, (error) => core.storeFailure(error)) };
}

/** Putting the key back with the emergency kit, then the app proper: given when a kit is there. */
export interface KitRecovery {
  restore(recoveryKey: string): Promise<AppServices>;
  /** The store keeps its key in a file (the file keychain), and that file is what is missing. */
  restoresMissingKeyFile?: boolean;
}

/** Wrong recovery keys before a wait: each already costs Argon2 and a second. */
const RESTORE_TRIES = 5;
const RESTORE_WAIT_MS = 5 * 60_000;

/**
 * What both transports serve when the store cannot be opened: the status names the problem, so
 * the app shows it (never a first run), and every other request is refused with the same words.
 * When the key is missing and an emergency kit is there, `app.restoreWithKit` puts the key back;
 * from then on the app proper answers every request.
 */
export function createProblemServices(problem: GatehouseError, clock: Clock, recovery?: KitRecovery): AppServices {
  const error = { code: problem.code, message: problem.message };
  const canRestoreWithKit = recovery !== undefined && (problem.code === 'store_locked' || (problem.code === 'store_incomplete' && recovery.restoresMissingKeyFile === true));
  const status: AppStatus = { needsSetup: false, session: null, passwordMinLength: 0, storeProblem: error, canRestoreWithKit };
  const waiting = new SessionManager(clock, () => Number.POSITIVE_INFINITY);
  let restored: AppServices | null = null;
  let restoring = false;
  let failures: number[] = [];
  const restore = async (payload: unknown): Promise<Result<unknown>> => {
    const parsed = contract['app.restoreWithKit'].request.safeParse(payload ?? {});
    if (!parsed.success) return { ok: false, error: { code: 'invalid_input', ...describeInputProblem(parsed.error) } };
    failures = failures.filter((at) => clock.now() - at < RESTORE_WAIT_MS);
    if (failures.length >= RESTORE_TRIES) {
      return { ok: false, error: { code: 'rate_limited', message: 'Too many wrong recovery keys. Wait a few minutes, then try again.' } };
    }
    // One at a time: tries in parallel would each pass the count before any failed, and each success would open the store.
    if (restoring) return { ok: false, error: { code: 'busy', message: 'A recovery key is being checked. Wait for its answer.' } };
    restoring = true;
    try {
      restored = await recovery!.restore(parsed.data.recoveryKey);
      return { ok: true, value: null };
    } catch (thrown) {
      if (!(thrown instanceof GatehouseError)) throw thrown;
      if (thrown.code === 'store_locked') failures.push(clock.now());
      return { ok: false, error: { code: thrown.code, message: thrown.message, ...(thrown.code === 'store_locked' ? { field: 'recoveryKey' } : {}) } };
    } finally {
      restoring = false;
    }
  };
  return {
    get sessions() {
      return restored?.sessions ?? waiting;
    },
    dispatch: async (channel, payload) => {
      if (restored) return restored.dispatch(channel, payload);
      if (channel === 'app.status') return { ok: true, value: status };
      if (channel === 'app.restoreWithKit' && canRestoreWithKit) return restore(payload);
      return { ok: false, error };
    },
  };
}

/**
 * With an emergency kit beside the store: restoring access puts the key back, opens the store
 * and makes the app's services with `makeApp` (the caller keeps the store to close it later).
 */
export function kitRecoveryFor(
  location: StoreLocation,
  options: Omit<OpenOptions, 'create' | 'readOnly'>,
  makeApp: (opened: OpenGatehouse) => AppServices,
): KitRecovery | undefined {
  if (!hasEmergencyKit(location.dataDir)) return undefined;
  const state = inspectDataFolder(location.dataDir, location.keychain.backend);
  return {
    restoresMissingKeyFile: state.kind === 'incomplete' && state.missing.length === 1 && state.missing[0] === KEY_FILE_NAME,
    async restore(recoveryKey) {
      await restoreAccessWithKit(location, recoveryKey);
      const reopened = await openGatehouseForApp(location, options);
      if ('problem' in reopened) throw reopened.problem;
      reopened.core.audit.recordKeyCustody('emergency_kit.restore', { kind: 'anonymous' });
      return makeApp(reopened);
    },
  };
}
