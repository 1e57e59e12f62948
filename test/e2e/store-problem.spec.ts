// Issue 8, finding 1: the first-run screen never appears while any part of a store is in the
// data folder. Whoever is at the keyboard must not be able to make a new administrator over a
// store whose database is on a drive that is not connected.
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, expectAccessible, newDataDir, startPreview, test, keepEmergencyKit } from './fixtures.js';
import { createOsKeychain } from '../../src/main/secrets/os-keychain.js';

const snapshot = (dir: string) => Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name)).toString('base64')]));

test('a store whose database was moved away shows what is missing, and signs in again once it is back', async ({ page }) => {
  const dataDir = newDataDir();
  let preview = await startPreview(dataDir);
  await page.goto(preview.app.url);
  await page.getByLabel('Email address').fill('ada@example.com');
  await page.getByLabel('Password', { exact: true }).fill('ada has a long passphrase');
  await page.getByLabel('Confirm password').fill('ada has a long passphrase');
  await page.getByRole('button', { name: 'Create administrator account' }).click();
  await keepEmergencyKit(page);
  await expect(page.getByRole('heading', { name: 'My account' })).toBeVisible();
  await preview.stop();

  renameSync(join(dataDir, 'gatehouse.db'), join(dataDir, '..', 'gatehouse.db'));
  const before = snapshot(dataDir);
  preview = await startPreview(dataDir);
  try {
    await page.goto(preview.app.url);
    await expect(page.getByRole('heading', { name: 'Part of your Gatehouse data is missing' })).toBeVisible();
    await expect(page.getByRole('alert')).toContainText('but not gatehouse.db');
    await expect(page.getByRole('heading', { name: 'Set up Gatehouse' })).toHaveCount(0);
    await expect(page.getByLabel('Email address')).toHaveCount(0);
    await expectAccessible(page, 'store problem');
  } finally {
    await preview.stop();
  }
  expect(snapshot(dataDir)).toEqual(before);

  renameSync(join(dataDir, '..', 'gatehouse.db'), join(dataDir, 'gatehouse.db'));
  preview = await startPreview(dataDir);
  try {
    await page.goto(preview.app.url);
    await expect(page.getByRole('heading', { name: 'Sign in to Gatehouse' })).toBeVisible();
  } finally {
    await preview.stop();
  }
});

for (const lone of ['gatehouse.db', 'gatehouse.db-wal', 'gatehouse.db-shm', 'store.json', 'store.key']) {
  test(`a data folder holding only ${lone} never shows the first run`, async ({ page }) => {
    const dataDir = newDataDir();
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, lone), lone === 'store.json' ? '{"format":1}' : 'left over');
    const before = snapshot(dataDir);
    const preview = await startPreview(dataDir);
    try {
      await page.goto(preview.app.url);
      await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('Gatehouse');
      await expect(page.getByRole('heading', { name: 'Set up Gatehouse' })).toHaveCount(0);
      await expect(page.getByRole('alert')).toContainText('Nothing was changed');
    } finally {
      await preview.stop();
    }
    expect(snapshot(dataDir)).toEqual(before);
  });
}

test('a lost keychain entry: the emergency kit gives access back, a wrong recovery key changes nothing', async ({ page }) => {
  const dataDir = newDataDir();
  let preview = await startPreview(dataDir);
  await page.goto(preview.app.url);
  await page.getByLabel('Email address').fill('ada@example.com');
  await page.getByLabel('Password', { exact: true }).fill('ada has a long passphrase');
  await page.getByLabel('Confirm password').fill('ada has a long passphrase');
  await page.getByRole('button', { name: 'Create administrator account' }).click();
  const recoveryKey = await keepEmergencyKit(page);
  await expect(page.getByRole('heading', { name: 'My account' })).toBeVisible();
  await preview.stop();

  // An OS reinstall, a new profile, a keyring reset: the entry is gone.
  const { storeId } = JSON.parse(readFileSync(join(dataDir, 'store.json'), 'utf8')) as { storeId: string };
  await createOsKeychain().deleteStoreKey(storeId);
  const before = snapshot(dataDir);
  preview = await startPreview(dataDir);
  try {
    await page.goto(preview.app.url);
    await expect(page.getByRole('heading', { name: 'Gatehouse cannot unlock its data' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Restore access with your emergency kit' })).toBeVisible();
    const field = page.getByLabel('Recovery key');
    await expect(field).toBeFocused();
    await expectAccessible(page, 'restore access');
    await field.fill('0000-0000-0000-0000-0000-0000-0000-0000-0000');
    await page.getByRole('button', { name: 'Restore access' }).click();
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByText(/That is not a recovery key|does not open this store/)).toBeVisible();
    expect(snapshot(dataDir)).toEqual(before);
    await field.fill(recoveryKey.toLowerCase().replace(/-/g, ' '));
    await page.getByRole('button', { name: 'Restore access' }).click();
    await expect(page.getByRole('heading', { name: 'Sign in to Gatehouse' })).toBeVisible();
    await page.getByLabel('Email address').fill('ada@example.com');
    await page.getByLabel('Password', { exact: true }).fill('ada has a long passphrase');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'My account' })).toBeVisible();
  } finally {
    await preview.stop();
  }
});
