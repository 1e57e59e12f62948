// The Electron shell's security decisions as pure functions, unit-tested without Electron.
import { appOrigin } from '../../shared/origin.js';
import { GatehouseError } from '../common/errors.js';
import { USER_KEYCHAIN_BACKENDS, type KeychainBackend } from '../secrets/keychain.js';

/** The app's origin inside Electron: the `http` protocol handler answers it from packaged files. */
export const APP_ORIGIN = appOrigin();

/** Options of the one window: every web preference that matters is explicit. */
export function mainWindowOptions(preloadPath: string, options: { devTools: boolean } = { devTools: false }) {
  return {
    width: 1100,
    height: 780,
    minWidth: 420,
    minHeight: 560,
    show: false,
    title: 'Gatehouse',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      // Off in a packaged app: DevTools would read what the lock screen hides.
      devTools: options.devTools,
    },
  } as const;
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** Only the app's own pages may load in the window; everything else is refused. */
export function mayNavigate(url: string): boolean {
  return originOf(url) === APP_ORIGIN;
}

/** IPC is answered only for the main frame of the app's own page, never for a subframe. */
export function isTrustedSender(sender: { url: string; isMainFrame: boolean } | null): boolean {
  return sender !== null && sender.isMainFrame && originOf(sender.url) === APP_ORIGIN;
}

/** What an IPC handler needs of Electron's IpcMainInvokeEvent: the frame that sent it, if it still exists. */
export interface IpcInvocation {
  senderFrame: { url: string; parent: unknown } | null;
}

export const UNTRUSTED_SENDER = { ok: false, error: { code: 'forbidden', message: 'Requests must come from the Gatehouse window.' } } as const;

/**
 * The handler main.ts registers for each channel: the sender check, then the dispatcher. A
 * subframe, another origin, or a frame already gone (null) never reaches the dispatcher.
 */
export function guardedHandler<R>(channel: string, dispatch: (channel: string, payload: unknown) => R) {
  return (event: IpcInvocation, payload: unknown): R | typeof UNTRUSTED_SENDER => {
    const frame = event.senderFrame;
    if (!isTrustedSender(frame ? { url: frame.url, isMainFrame: frame.parent === null } : null)) return UNTRUSTED_SENDER;
    return dispatch(channel, payload);
  };
}

/**
 * Deny by default. The one exception is writing to the clipboard (Copy key, Copy all recovery
 * codes): never reading it, nor camera, notifications or anything else.
 */
export function mayGrantPermission(permission: string): boolean {
  return permission === 'clipboard-sanitized-write';
}

/**
 * The system browser opens only https URLs on the origin of a configured OpenID Connect
 * issuer (for sign-in), never anything the page merely asks for.
 */
export function mayOpenExternal(url: string, issuerOrigins: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '' && issuerOrigins.includes(parsed.origin);
}

/** How one passkey reads in the account chooser: "Ada (ada@example.com)". */
export function describeWebAuthnAccount(account: { name?: string; displayName?: string; credentialId: string }): string {
  const name = account.name?.trim();
  const display = account.displayName?.trim();
  if (display && name && display !== name) return `${display} (${name})`;
  return display || name || `Passkey ${account.credentialId.slice(0, 8)}`;
}

/**
 * Only the renderer's own exports (recovery codes, the audit trail) may be saved, and only
 * through a save dialog: blob URLs the app's page made. Anything else is refused.
 */
export function mayDownload(url: string): boolean {
  return url.startsWith(`blob:${APP_ORIGIN}/`);
}

/** The command-line switch that lets a packaged app read GATEHOUSE_DATA_DIR and GATEHOUSE_KEYCHAIN. */
export const USE_ENVIRONMENT_SWITCH = '--use-environment';

export interface StoreSettings {
  dataDir: string;
  keychain: KeychainBackend;
}

/**
 * Where the app's store is and which keychain holds its key. A packaged app ignores the
 * environment unless started with --use-environment: a variable set by another program (or
 * left from a test) must not point it at another store or at a key file.
 */
export function storeSettings(input: { isPackaged: boolean; argv: readonly string[]; env: NodeJS.ProcessEnv; userData: string }): StoreSettings {
  const useEnv = !input.isPackaged || input.argv.includes(USE_ENVIRONMENT_SWITCH);
  const dataDir = (useEnv && input.env.GATEHOUSE_DATA_DIR) || input.userData;
  const keychain = (useEnv && input.env.GATEHOUSE_KEYCHAIN) || 'os';
  if (!(USER_KEYCHAIN_BACKENDS as readonly string[]).includes(keychain)) {
    throw new GatehouseError('invalid_input', `GATEHOUSE_KEYCHAIN must be ${USER_KEYCHAIN_BACKENDS.join(' or ')}, not "${keychain}"`);
  }
  return { dataDir, keychain: keychain as KeychainBackend };
}
