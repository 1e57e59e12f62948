import { _electron as electron, expect, test } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * Electron's binary, where this machine has one (a normal install, or ELECTRON_OVERRIDE_DIST_PATH).
 * Looked up without `require('electron')`, which would start a download on a machine without it.
 */
function electronBinary(): string | null {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) return process.env.ELECTRON_OVERRIDE_DIST_PATH;
  try {
    const dir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const pathFile = join(dir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
const SKIP_REASON = 'no Electron binary on this machine (it is downloaded on first use from a host this machine cannot reach); the same flows run in Chromium against the preview server';
if (!binary) console.log(`[electron] skipped: ${SKIP_REASON}`);

test.describe('the Electron app', () => {
  // Skipped only when Electron itself is absent, saying why; never to hide a failure.
  test.skip(!binary, SKIP_REASON);

  test('first run, sign out and sign in, in a sandboxed window on http://gatehouse.localhost', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'gatehouse-electron-')), 'data');
    const app = await electron.launch({ executablePath: binary!, args: [ROOT], env: { ...process.env, GATEHOUSE_DATA_DIR: dataDir, GATEHOUSE_KEYCHAIN: 'file' } });
    try {
      const page = await app.firstWindow();
      expect(page.url()).toBe('http://gatehouse.localhost/');
      // The renderer has window.gatehouse and nothing of Node.
      expect(await page.evaluate(() => [typeof (window as unknown as { gatehouse: unknown }).gatehouse, typeof (globalThis as { require?: unknown }).require, typeof (globalThis as { process?: unknown }).process])).toEqual(['object', 'undefined', 'undefined']);
      await page.getByLabel('Email address').fill('ada@example.com');
      await page.getByLabel('Password', { exact: true }).fill('ada has a long passphrase');
      await page.getByRole('button', { name: 'Create administrator account' }).click();
      await expect(page.getByRole('heading', { name: 'My account' })).toBeVisible();
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByLabel('Email address').fill('ada@example.com');
      await page.getByLabel('Password', { exact: true }).fill('ada has a long passphrase');
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await expect(page.getByRole('heading', { name: 'My account' })).toBeVisible();
      // Navigation away from the app is refused.
      await page.evaluate(() => (window.location.href = 'https://example.com/'));
      await page.waitForTimeout(500);
      expect(page.url()).toBe('http://gatehouse.localhost/');
    } finally {
      await app.close();
    }
  });
});
