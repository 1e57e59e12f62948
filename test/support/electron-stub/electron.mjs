// A stand-in for Electron's main-process API, enough for src/main/app/main.ts to start, fail or
// quit under plain Node. Each call that matters is written as a JSON line to $STUB_LOG.
// $STUB_FAIL=load makes the window's page fail to load; $STUB_QUIT_AFTER_LOAD quits once it loaded.
import { appendFileSync } from 'node:fs';

// As under `electron .`: node's argv[1] is the bundle, where Electron's would be the app's folder.
process.defaultApp = true;

const record = (event, detail = {}) => appendFileSync(process.env.STUB_LOG, `${JSON.stringify({ event, ...detail })}\n`);

class Emitter {
  #handlers = new Map();
  on(event, handler) {
    this.#handlers.set(event, [...(this.#handlers.get(event) ?? []), handler]);
    return this;
  }
  once(event, handler) {
    return this.on(event, handler);
  }
  emit(event, ...args) {
    for (const handler of this.#handlers.get(event) ?? []) handler(...args);
  }
}

class App extends Emitter {
  isPackaged = false;
  dock = undefined;
  enableSandbox() {
    record('enableSandbox');
  }
  requestSingleInstanceLock() {
    record('singleInstanceLock');
    return true;
  }
  whenReady() {
    return Promise.resolve();
  }
  getPath() {
    return process.env.STUB_USER_DATA;
  }
  getAppPath() {
    return process.env.STUB_APP_PATH;
  }
  configureWebAuthn() {}
  quit() {
    record('quit');
    this.emit('before-quit');
    for (const window of windows) window.emit('close');
    this.emit('will-quit');
    process.exit(0);
  }
  exit(code) {
    record('exit', { code });
    process.exit(code);
  }
}
export const app = new App();

const windows = [];
export class BrowserWindow extends Emitter {
  static getAllWindows() {
    return windows;
  }
  static getFocusedWindow() {
    return windows[0] ?? null;
  }
  webContents = Object.assign(new Emitter(), { setWindowOpenHandler() {} });
  constructor(options) {
    super();
    record('window', { width: options.width, height: options.height, sandbox: options.webPreferences?.sandbox });
    windows.push(this);
  }
  async loadURL(url) {
    record('loadURL', { url });
    if (process.env.STUB_FAIL === 'load') throw new Error('the page could not be loaded (stub)');
    if (process.env.STUB_QUIT_AFTER_LOAD) setTimeout(() => app.quit(), 50);
  }
  show() {}
  maximize() {}
  isMinimized() {
    return false;
  }
  isMaximized() {
    return false;
  }
  getNormalBounds() {
    return { x: 10, y: 20, width: 900, height: 700 };
  }
}

export const dialog = {
  showErrorBox(title, message) {
    record('errorBox', { title, message });
  },
  showMessageBox: async () => ({ response: 0 }),
  showMessageBoxSync: () => 0,
};
export const ipcMain = { handle() {} };
export const powerMonitor = new Emitter();
export const protocol = {
  handle(scheme) {
    record('protocol', { scheme });
  },
};
export const screen = { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] };
export const session = { defaultSession: Object.assign(new Emitter(), { setPermissionRequestHandler() {}, setPermissionCheckHandler() {} }) };
export const shell = { openExternal: async () => undefined };
