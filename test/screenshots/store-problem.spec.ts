import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, newDataDir, startPreview, test } from '../e2e/fixtures.js';

test('screenshot of the screen shown when part of the store is missing', async ({ page }) => {
  const dataDir = newDataDir();
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, 'store.json'), '{"format":1}');
  const preview = await startPreview(dataDir);
  try {
    await page.goto(preview.app.url);
    await expect(page.getByRole('heading', { name: 'Part of your Gatehouse data is missing' })).toBeVisible();
    await page.screenshot({ path: 'docs/screenshots/store-problem.png' });
    await page.setViewportSize({ width: 320, height: 640 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: 'test-results/store-problem-320-dark.png' });
  } finally {
    await preview.stop();
  }
});
