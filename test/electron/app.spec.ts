// What only Electron can show: run where Electron runs (.github/workflows/desktop.yml, on the
// three OSes), and skipped here with its reason. The development build is driven by Playwright's
// Electron support (main and renderer both); the packaged app, whose fuses refuse --inspect, by
// Chromium's own remote debugging and by running its executable as the command line.
import { _electron as electron, chromium, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { electronBinary, packagedApp } from '../../scripts/electron-binary.js';
import { addVirtualAuthenticator, createAdministrator, newDataDir } from '../e2e/fixtures.js';

const ROOT = resolve(import.meta.dirname, '../..');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const ADA = { email: 'ada@example.com', password: 'ada has a long passphrase' };

const binary = electronBinary();
const packaged = packagedApp(join(ROOT, 'dist'));
const NO_ELECTRON =
  'no Electron binary on this machine (it is downloaded on first use from a host this machine cannot reach; ELECTRON_OVERRIDE_DIST_PATH names the folder of one); the same flows run in Chromium against the preview server';
const NO_PACKAGE = 'no packaged app in dist/ (npm run package:dir makes it where Electron can be had)';
if (!binary) console.log(`[electron] development build skipped: ${NO_ELECTRON}`);
if (!packaged) console.log(`[electron] packaged app skipped: ${NO_PACKAGE}`);

const appEnv = (dataDir: string) => ({ ...process.env, GATEHOUSE_DATA_DIR: dataDir, GATEHOUSE_KEYCHAIN: 'file' });

async function firstRun(page: Page): Promise<void> {
  await createAdministrator(page, ADA);
  await expect(page.getByRole('heading', { name: 'My account' })).toBeVisible();
}

/** The window has window.gatehouse, frozen, and nothing of Node or Electron; WebAuthn is there, in a secure context. */
async function expectIsolatedRenderer(page: Page): Promise<void> {
  await page.waitForURL('http://gatehouse.localhost/');
  expect(
    await page.evaluate(() => ({
      bridge: typeof (window as unknown as { gatehouse: unknown }).gatehouse,
      frozen: Object.isFrozen((window as unknown as { gatehouse: unknown }).gatehouse),
      node: [typeof (globalThis as { require?: unknown }).require, typeof (globalThis as { process?: unknown }).process, typeof (globalThis as { Buffer?: unknown }).Buffer],
      electron: typeof (globalThis as { ipcRenderer?: unknown }).ipcRenderer,
      webauthn: typeof PublicKeyCredential === 'function' && window.isSecureContext,
    })),
  ).toEqual({ bridge: 'object', frozen: true, node: ['undefined', 'undefined', 'undefined'], electron: 'undefined', webauthn: true });
}

/** Registers a passkey from My account, with the virtual authenticator added before the first run (the page asks once whether there is one). */
async function registerPasskey(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Create a passkey' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Passkey saved' })).toBeVisible();
  await page.getByRole('button', { name: "I've saved my recovery codes" }).click();
  await expect(page.getByRole('list', { name: 'Passkeys' }).getByRole('listitem')).toHaveCount(1);
}

test.describe('the Electron app, development build', () => {
  // Skipped only when Electron itself is absent, saying why; never to hide a failure.
  test.skip(!binary, NO_ELECTRON);
  let app: ElectronApplication;
  test.beforeEach(async () => {
    app = await electron.launch({ executablePath: binary!, args: [ROOT], env: appEnv(newDataDir()) });
  });
  test.afterEach(async () => app.close());

  test('a sandboxed, isolated window on http://gatehouse.localhost, served with no socket open; first run, sign out, sign in', async () => {
    const page = await app.firstWindow();
    await expectIsolatedRenderer(page);
    // The renderer's process is sandboxed where Electron reports it (macOS, Windows; the window's
    // options themselves are checked in src/main/app/policies.test.ts).
    const tabs = await app.evaluate(({ app: electronApp }) => electronApp.getAppMetrics().filter((metric) => metric.type === 'Tab'));
    expect(tabs.length).toBeGreaterThan(0);
    for (const tab of tabs) expect(tab.sandboxed).not.toBe(false);
    // The page came from the protocol handler: main listens on no port (Node's own servers show here).
    expect(await app.evaluate(() => process.getActiveResourcesInfo().filter((kind) => kind.startsWith('TCP')))).toEqual([]);
    await firstRun(page);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email address').fill(ADA.email);
    await page.getByLabel('Password', { exact: true }).fill(ADA.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'My account' })).toBeVisible();
  });

  test('navigation away and new windows are refused', async () => {
    const page = await app.firstWindow();
    await page.waitForURL('http://gatehouse.localhost/');
    // Main records each will-navigate it sees; its own handler (registered with the window, so
    // before this one) has refused it by then.
    await app.evaluate(({ webContents }) => {
      const seen: { url: string; refused: boolean }[] = [];
      (globalThis as { navigations?: unknown[] }).navigations = seen;
      for (const contents of webContents.getAllWebContents()) contents.on('will-navigate', (event, url) => seen.push({ url, refused: event.defaultPrevented }));
    });
    await page.evaluate(() => (window.location.href = 'https://example.com/'));
    await expect.poll(() => app.evaluate(() => (globalThis as { navigations?: unknown[] }).navigations)).toEqual([{ url: 'https://example.com/', refused: true }]);
    expect(page.url()).toBe('http://gatehouse.localhost/');
    expect(await page.evaluate(() => window.open('https://example.com/') === null)).toBe(true);
    expect(app.windows()).toHaveLength(1);
  });

  test('registers a passkey with a virtual authenticator', async () => {
    const page = await app.firstWindow();
    await page.waitForURL('http://gatehouse.localhost/');
    await addVirtualAuthenticator(page);
    await firstRun(page);
    await registerPasskey(page);
  });

  test('--cli runs the admin command line and opens no window', () => {
    const run = spawnSync(binary!, [ROOT, '--cli', '--version'], { env: appEnv(newDataDir()), encoding: 'utf8', timeout: 60_000 });
    expect(run.stdout).toContain(VERSION);
    expect(run.status).toBe(0);
  });
});

test.describe('the packaged app', () => {
  // Skipped only when no packaged app was made (it needs Electron's binary), saying why; never to hide a failure.
  test.skip(!packaged, NO_PACKAGE);
  // Linux: the wrapper's switches, so that no display is needed (resources/linux/gatehouse-cli.sh).
  const headless = process.platform === 'linux' ? ['--ozone-platform=headless', '--disable-gpu'] : [];

  test('--cli: the same command line, output and exit codes as bin/gatehouse.js, with no window', () => {
    const dataDir = newDataDir();
    const cli = (args: string[], input?: string) => spawnSync(packaged!, [...headless, '--cli', ...args], { env: appEnv(dataDir), input, encoding: 'utf8', timeout: 60_000 });
    expect(cli(['--version']).stdout).toContain(VERSION);
    expect(cli(['init']).status).toBe(0);
    expect(cli(['users', 'add', '--email', ADA.email, '--password-stdin'], `${ADA.password}\n`).status).toBe(0);
    const list = cli(['users', 'list']);
    expect(list.status).toBe(0);
    expect(list.stdout).toContain(ADA.email);
    const unknown = cli(['no-such-command']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("gatehouse: unknown command 'no-such-command'");
  });

  test('the Linux `gatehouse` wrapper runs the command line of the app beside it', () => {
    // The wrapper ships in the Linux installers only: on Windows and macOS there is nothing to run.
    test.skip(process.platform !== 'linux', 'the wrapper is the Linux installers’');
    const wrapper = join(packaged!, '..', 'resources', 'bin', 'gatehouse');
    const run = spawnSync(wrapper, ['--version'], { env: { ...appEnv(newDataDir()), DISPLAY: '', WAYLAND_DISPLAY: '' }, encoding: 'utf8', timeout: 60_000 });
    expect(run.stdout).toContain(VERSION);
    expect(run.status).toBe(0);
  });

  test('the window of the installed app: isolated, first run, and a passkey registered with a virtual authenticator', async () => {
    const child = spawn(packaged!, [...(process.platform === 'linux' ? ['--disable-gpu'] : []), '--use-environment', '--remote-debugging-port=0'], {
      env: appEnv(newDataDir()),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    try {
      // Chromium says where its DevTools endpoint listens on stderr.
      const endpoint = await new Promise<string>((found, failed) => {
        let text = '';
        child.stderr!.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          const match = /DevTools listening on (ws:\/\/\S+)/.exec(text);
          if (match) found(match[1]!);
        });
        child.on('exit', (code) => failed(new Error(`the packaged app exited (${code}) before it listened: ${text}`)));
      });
      const browser = await chromium.connectOverCDP(endpoint);
      const context = browser.contexts()[0]!;
      const page = context.pages()[0] ?? (await context.waitForEvent('page'));
      await expectIsolatedRenderer(page);
      await addVirtualAuthenticator(page);
      await firstRun(page);
      await registerPasskey(page);
      await browser.close();
    } finally {
      child.kill();
    }
  });
});
