// The Electron main process: one sandboxed window on http://gatehouse.localhost, answered from
// the packaged files by a protocol handler (no socket is opened), and the IPC handler table
// behind a sender check; or, started with --cli, the admin command line and no window at all.
// Everything that decides something is in ./policies.ts and its neighbours, tested in Node.
import { app, BrowserWindow, dialog, ipcMain, powerMonitor, protocol, screen, session, shell } from 'electron';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_HOST } from '../../shared/origin.js';
import { CHANNELS, IPC_PREFIX } from '../../shared/api.js';
import { isGatehouseError } from '../common/errors.js';
import { systemClock } from '../common/ports.js';
import { createAppServices, createProblemServices, custodyFor, kitRecoveryFor } from '../ipc/app-services.js';
import type { OpenGatehouse } from '../open-gatehouse.js';
import { readRendererFile, SECURITY_HEADERS, withInitialStatus } from '../ipc/renderer-files.js';
import { aboutGatehouse } from '../ipc/about.js';
import { openGatehouseForApp } from '../open-gatehouse.js';
import { createKeychain } from '../secrets/create-keychain.js';
import {
  APP_ORIGIN,
  describeWebAuthnAccount,
  guardedHandler,
  mainWindowOptions,
  mayDownload,
  mayGrantPermission,
  mayNavigate,
  storeSettings,
  type StoreSettings,
} from './policies.js';
import { cliArguments, runCommandLine } from './command-line.js';
import { watchLinuxScreenLock } from './screen-lock.js';
import { placeWindow, readWindowState, saveWindowState } from './window-state.js';

const RENDERER_DIR = join(import.meta.dirname, '../renderer');
const PRELOAD = join(import.meta.dirname, '../preload/index.cjs');

/** How a screen lock reaches Gatehouse here, as it is now (About Gatehouse says it). */
let screenLock = (): 'os' | 'dbus' | 'not_detected' => (process.platform === 'linux' ? 'not_detected' : 'os');

// In development (`electron .`) the app's folder follows the executable.
const cli = cliArguments(process.argv, { appPathGiven: process.defaultApp === true });
if (cli) runCli(cli);
else launch();

/** `Gatehouse --cli …`: the command, its output and its exit code; no lock, no window, no dock icon. */
function runCli(args: string[]): void {
  app.dock?.hide();
  // Electron's own answer to an uncaught error is a dialog and a process that stays: a command
  // line says it in a line and exits. A reader that went away (EPIPE) leaves nothing to say it to.
  process.on('uncaughtException', (error) => {
    process.stderr.write(`gatehouse: unexpected error: ${error?.message ?? String(error)}\n`, () => app.exit(1));
  });
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => app.exit(1));
  runCommandLine(args, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
    (code) => app.exit(code),
    (error: unknown) => {
      process.stderr.write(`gatehouse: unexpected error: ${(error as Error)?.message ?? String(error)}\n`);
      app.exit(1);
    },
  );
}

function launch(): void {
  app.enableSandbox();

  // macOS: Touch ID for passkeys, stored under the keychain access group the signed build is
  // entitled to (package.json gatehouse.macKeychainAccessGroup; see README, "Passkeys").
  if (process.platform === 'darwin') {
    const group = macKeychainAccessGroup();
    if (group) app.configureWebAuthn({ touchID: { keychainAccessGroup: group } });
  }

  // A second launch focuses the window of the first, which keeps the store.
  if (!app.requestSingleInstanceLock()) return void app.quit();
  app.on('second-instance', () => focus(BrowserWindow.getAllWindows()[0]));
  // Whatever fails once the app is ready (opening the store, loading the window) is said in a
  // dialog, and the app quits: never a running app with no window.
  app.whenReady().then(start).catch(fail);
}

function macKeychainAccessGroup(): string | null {
  try {
    const pkg = JSON.parse(readFileSync(join(app.getAppPath(), 'package.json'), 'utf8')) as { gatehouse?: { macKeychainAccessGroup?: string } };
    return pkg.gatehouse?.macKeychainAccessGroup ?? null;
  } catch {
    return null;
  }
}

function focus(window: BrowserWindow | undefined): void {
  if (!window) return;
  if (window.isMinimized()) window.restore();
  window.focus();
}

function fail(error: unknown): void {
  const message = isGatehouseError(error) ? error.message : `Unexpected error: ${(error as Error)?.message ?? String(error)}`;
  dialog.showErrorBox('Gatehouse cannot start', message);
  app.exit(1);
}

async function start(): Promise<void> {
  let settings: StoreSettings;
  try {
    settings = storeSettings({ isPackaged: app.isPackaged, argv: process.argv, env: process.env, userData: app.getPath('userData') });
  } catch (error) {
    return fail(error);
  }
  const { dataDir } = settings;
  let opened: Awaited<ReturnType<typeof openGatehouseForApp>>;
  const location = { dataDir, keychain: createKeychain(settings.keychain, dataDir, (m) => console.warn(m)), warn: (m: string) => console.warn(m) };
  // The list of common passwords is in the app's asar, where the command line finds it too.
  const openOptions = {};
  try {
    opened = await openGatehouseForApp(location, openOptions);
  } catch (error) {
    return fail(error);
  }
  // A store that cannot be used is shown as a screen that says why: never as a first run.
  const about = aboutGatehouse(dataDir, () => screenLock());
  let core: OpenGatehouse['core'] | null = null;
  let store: OpenGatehouse['store'] | null = null;
  const appServices = (o: OpenGatehouse) => {
    ({ core, store } = o);
    const custody = custodyFor(location, systemClock, o.store);
    // The daily backup, when an administrator turned it on: checked now and every hour.
    const backUp = () =>
      void custody
        .backupIfDue()
        .then((file) => file && o.core.audit.recordKeyCustody('backup.create', { kind: 'anonymous' }, `daily: ${file}`))
        .catch((error: unknown) => console.warn(`gatehouse: the daily backup failed: ${(error as Error).message}`));
    backUp();
    setInterval(backUp, 3_600_000).unref();
    return createAppServices(o.core, systemClock, undefined, (url) => shell.openExternal(url), custody, about);
  };
  // A store whose key is lost, with an emergency kit beside it, becomes the app once access is restored.
  const services = 'problem' in opened ? createProblemServices(opened.problem, systemClock, kitRecoveryFor(location, openOptions, appServices)) : appServices(opened);
  const { dispatch } = services;
  // Quitting, the OS shutting down, the OS session ending: the store is closed each time, which
  // checkpoints its write-ahead log into the file (once: whichever comes first).
  let closed = false;
  const closeStore = () => {
    if (closed) return;
    closed = true;
    store?.close();
  };
  app.on('will-quit', closeStore);
  powerMonitor.on('shutdown', () => (closeStore(), app.quit()));
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => app.quit());

  protocol.handle('http', async (request) => {
    const url = new URL(request.url);
    if (url.origin !== APP_ORIGIN || request.method !== 'GET') return new Response('Not found', { status: 404 });
    const file = await readRendererFile(RENDERER_DIR, url.pathname);
    if (!file) return new Response('Not found', { status: 404, headers: SECURITY_HEADERS });
    if (file.contentType.startsWith('text/html')) {
      // The first screen drawn is the right one: main's answer to app.status comes with the page.
      const status = await dispatch('app.status', {});
      const page = withInitialStatus(file.body.toString('utf8'), status.ok ? status.value : undefined);
      return new Response(page, { headers: { ...SECURITY_HEADERS, 'Content-Type': file.contentType } });
    }
    return new Response(new Uint8Array(file.body), { headers: { ...SECURITY_HEADERS, 'Content-Type': file.contentType } });
  });

  for (const channel of CHANNELS) {
    ipcMain.handle(`${IPC_PREFIX}${channel}`, guardedHandler(channel, dispatch));
  }

  // Discoverable (usernameless) passkey sign-in: without a listener Chromium cancels it with
  // NotAllowedError. One account answers by itself; several are offered in a chooser.
  session.defaultSession.on('select-webauthn-account', (_event, details, callback) => {
    let answered = false;
    const answer = (id: string | null) => {
      if (!answered) callback(id);
      answered = true;
    };
    try {
      // Only passkeys Gatehouse still knows: one removed here may linger in the OS keychain.
      const accounts = details.accounts
        .map((account) => ({ ...account, stored: core?.passkeys.nameOf(account.credentialId) ?? null }))
        .filter((account) => account.stored !== null);
      if (details.relyingPartyId !== APP_HOST || accounts.length === 0) return answer(null);
      if (accounts.length === 1) return answer(accounts[0]!.credentialId);
      const labels = accounts.map((account) => `${describeWebAuthnAccount(account)} · ${account.stored}`);
      const window = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
      const options = {
        type: 'question' as const,
        title: 'Choose a passkey',
        message: 'Which account do you want to sign in to?',
        buttons: [...labels, 'Cancel'],
        cancelId: labels.length,
        defaultId: 0,
      };
      void (window ? dialog.showMessageBox(window, options) : dialog.showMessageBox(options))
        .then(({ response }) => answer(accounts[response]?.credentialId ?? null))
        .catch(() => answer(null));
    } catch {
      answer(null);
    }
  });

  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => callback(mayGrantPermission(permission)));
  session.defaultSession.setPermissionCheckHandler((_contents, permission) => mayGrantPermission(permission));
  // Downloads: only the page's own exports, each through a save dialog.
  session.defaultSession.on('will-download', (event, item) => {
    if (!mayDownload(item.getURL())) return event.preventDefault();
    item.setSaveDialogOptions({ title: 'Save', defaultPath: item.getFilename() });
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => mayNavigate(url) || event.preventDefault());
    contents.on('will-frame-navigate', (event) => mayNavigate(event.url) || event.preventDefault());
    contents.on('will-redirect', (event, url) => mayNavigate(url) || event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });

  // Locking the OS screen or sleeping locks Gatehouse too; unlocking it is a re-authentication.
  // powerMonitor tells of a screen lock on macOS and Windows; on Linux the desktop tells on D-Bus.
  for (const event of ['lock-screen', 'suspend'] as const) powerMonitor.on(event as 'lock-screen', () => services.sessions.lock());
  if (process.platform === 'linux') {
    const watch = watchLinuxScreenLock(() => services.sessions.lock());
    // Asked each time: a listener that has since ended (the bus gone) is said to be gone.
    screenLock = () => (watch.listening ? 'dbus' : 'not_detected');
    app.on('will-quit', () => watch.stop());
  }

  // The window where it was last time, when a screen still shows that place.
  const stateFile = join(app.getPath('userData'), 'window-state.json');
  const options = mainWindowOptions(PRELOAD, { devTools: !app.isPackaged });
  const saved = readWindowState(stateFile);
  const bounds = placeWindow(
    saved,
    screen.getAllDisplays().map((display) => display.workArea),
    { width: options.minWidth, height: options.minHeight },
  );
  const window = new BrowserWindow({ ...options, ...(bounds ?? {}) });
  window.once('ready-to-show', () => {
    if (bounds && saved?.maximized) window.maximize();
    window.show();
  });
  window.on('close', () => {
    try {
      saveWindowState(stateFile, { bounds: window.getNormalBounds(), maximized: window.isMaximized() });
    } catch {
      // A read-only profile folder: the next launch opens where the OS puts it.
    }
  });
  // Windows: the OS session ends (sign-out, shutdown) without a quit.
  window.on('session-end', closeStore);
  // The renderer holds the unload while recovery codes are on screen, not yet saved: ask first.
  window.webContents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(window, {
      type: 'warning',
      message: 'Leave without saving your recovery codes?',
      detail: 'They are shown only once. If you leave now, make new ones from My account.',
      buttons: ['Stay', 'Leave'],
      defaultId: 0,
      cancelId: 0,
    });
    if (choice === 1) event.preventDefault();
  });
  await window.loadURL(`${APP_ORIGIN}/`);
  app.on('window-all-closed', () => app.quit());
}
