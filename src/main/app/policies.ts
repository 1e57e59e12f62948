// The Electron shell's security decisions as pure functions, unit-tested without Electron.
import { appOrigin } from '../../shared/origin.js';

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
