import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface PreviewApp {
  url: string;
  dataDir: string;
  /** Moves main's clock forward (the preview's --dangerously-enable-test-hooks); for idle locks and throttles. */
  advanceClock(ms: number): Promise<void>;
  /** Main's clock as the test moved it: for computing TOTP codes main will accept. */
  now(): number;
  /** What powerMonitor's lock-screen event does in Electron. */
  lockScreen(): Promise<void>;
  /** The pages main sent to the system browser, oldest first (a provider sign-in). */
  openedPages(): Promise<string[]>;
  /** The keychain the preview keeps its store key in: what a CLI call on the same store must use. */
  keychain: 'os' | 'file';
}

const ROOT = resolve(import.meta.dirname, '../..');

/** A fresh data folder, as startPreview makes one. */
export const newDataDir = (): string => join(mkdtempSync(join(tmpdir(), 'gatehouse-e2e-')), 'data');

/** Starts `npm run preview` (already built) on a free port, with a fresh data dir unless given one. */
export async function startPreview(dataDir = newDataDir()): Promise<{ app: PreviewApp; stop: () => Promise<void> }> {
  const keychain = process.env.GATEHOUSE_TEST_KEYRING === '1' ? 'os' : 'file';
  const child: ChildProcess = spawn(
    process.execPath,
    [join(ROOT, 'scripts/preview.js'), '--no-build', '--port', '0', '--data-dir', dataDir, '--keychain', keychain, '--dangerously-enable-test-hooks'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const url = await new Promise<string>((resolveUrl, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`preview did not start:\n${out}`)), 30_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const match = /(http:\/\/gatehouse\.localhost:\d+\/)/.exec(out);
      if (match) {
        clearTimeout(timer);
        // The switch that moves the clock must never be on quietly.
        if (!out.includes('gatehouse: DANGER: test hooks are on.')) reject(new Error(`the preview did not announce its test hooks:\n${out}`));
        resolveUrl(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`preview exited (${code}):\n${out}`)));
  });
  let offset = 0;
  return {
    app: {
      url,
      dataDir,
      now: () => Date.now() + offset,
      advanceClock: async (ms) => {
        await hook('/__dangerous_test_hook/advance-clock', { ms });
        offset += ms;
      },
      lockScreen: async () => void (await hook('/__dangerous_test_hook/lock-screen', {})),
      openedPages: async () => (await hook('/__dangerous_test_hook/opened-pages', {})) as string[],
      keychain,
    },
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done(); // it has already gone
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

/** Test hooks need the page's token and origin like any call: they are read from the page. */
let hookPage: Page | null = null;
async function hook(path: string, body: unknown): Promise<unknown> {
  if (!hookPage) throw new Error('no page to call test hooks from');
  const answer = await hookPage.evaluate(
    async ([p, b]) => {
      const token = document.querySelector<HTMLMetaElement>('meta[name="gatehouse-token"]')!.content;
      const response = await fetch(p as string, { method: 'POST', headers: { 'content-type': 'application/json', 'x-gatehouse-token': token }, body: JSON.stringify(b) });
      return { status: response.status, body: (await response.json()) as { value?: unknown } };
    },
    [path, body],
  );
  if (answer.status !== 200) throw new Error(`test hook ${path} answered ${answer.status}`);
  return answer.body.value;
}

/** No serious or critical accessibility violation on the page as it is now. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${label}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/**
 * Each spec file gets its own preview server and store: `usePreview()` in the file's top level.
 * Tests in a file run in order and share the app, as one person's session would.
 */
export function usePreview(): () => PreviewApp {
  let running: { app: PreviewApp; stop: () => Promise<void> } | null = null;
  base.describe.configure({ mode: 'serial' });
  base.beforeAll(async () => {
    running = await startPreview();
  });
  base.afterAll(async () => {
    await running?.stop();
  });
  return () => {
    if (!running) throw new Error('the preview has not started');
    return running.app;
  };
}

export const test = base.extend<{ page: Page }>({
  page: async ({ page }, use) => {
    hookPage = page;
    await use(page);
    hookPage = null;
  },
});

export { expect };

/**
 * The emergency kit shown after the first administrator is made: kept, then one group typed
 * back. Returns the recovery key.
 */
export async function keepEmergencyKit(page: Page): Promise<string> {
  await expect(page.getByRole('heading', { name: 'Save your emergency kit' })).toBeVisible();
  const groups = await page.getByRole('list', { name: 'Recovery key, in groups of four' }).locator('code').allInnerTexts();
  await page.getByRole('button', { name: "I've stored my emergency kit" }).click();
  await page.getByLabel('Group 5 of the recovery key').fill(groups[4]!);
  await page.getByRole('button', { name: 'Continue' }).click();
  return groups.join('-');
}

/** The first run: the administrator made with this password (and name), the emergency kit kept. */
export async function createAdministrator(page: Page, admin: { email: string; password: string; name?: string }): Promise<void> {
  await page.getByLabel('Email address').fill(admin.email);
  if (admin.name) await page.getByLabel('Your name').fill(admin.name);
  await page.getByLabel('Password', { exact: true }).fill(admin.password);
  await page.getByLabel('Confirm password').fill(admin.password);
  await page.getByRole('button', { name: 'Create administrator account' }).click();
  await keepEmergencyKit(page);
}

/**
 * A CDP virtual authenticator for this page: by default a platform one with resident keys and
 * user verification; `securityKeyWithoutPin` is a USB key that cannot verify its user.
 */
export async function addVirtualAuthenticator(page: Page, kind: 'platform' | 'securityKeyWithoutPin' = 'platform') {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const options =
    kind === 'platform'
      ? { protocol: 'ctap2' as const, transport: 'internal' as const, hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true }
      : { protocol: 'ctap2' as const, transport: 'usb' as const, hasResidentKey: true, hasUserVerification: false, automaticPresenceSimulation: true };
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', { options });
  return { cdp, authenticatorId };
}
