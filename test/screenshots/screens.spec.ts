import type { Page } from '@playwright/test';
import { expect, test, usePreview, keepEmergencyKit } from '../e2e/fixtures.js';

const app = usePreview();
const shot = (page: Page, name: string) => page.screenshot({ path: `docs/screenshots/${name}.png` });

test('screenshots of every page', async ({ page }) => {
  await page.goto(app().url);
  await page.getByLabel('Email address').fill('ada@example.com');
  await page.getByLabel('Your name').fill('Ada Lovelace');
  await page.getByLabel('Password', { exact: true }).fill('password');
  await expect(page.getByText(/too common/)).toBeVisible();
  await shot(page, 'first-run');
  await page.getByLabel('Password', { exact: true }).fill('analytical engine passphrase');
  await page.getByLabel('Confirm password').fill('analytical engine passphrase');
  await page.getByRole('button', { name: 'Create administrator account' }).click();
  await expect(page.getByRole('heading', { name: 'Save your emergency kit' })).toBeVisible();
  await shot(page, 'emergency-kit');
  await keepEmergencyKit(page);
  await expect(page.getByRole('heading', { name: 'My account' })).toBeVisible();
  await shot(page, 'account');

  await page.getByRole('button', { name: 'Accounts' }).click();
  for (const [email, name] of [
    ['charles@example.com', 'Charles Babbage'],
    ['mary@example.com', 'Mary Somerville'],
  ]) {
    await page.getByRole('button', { name: 'Add account' }).click();
    await page.getByLabel('Email address').fill(email!);
    await page.getByLabel('Name', { exact: true }).fill(name!);
    await page.getByLabel('Password', { exact: true }).fill(`${name} temporary passphrase`);
    await page.getByRole('button', { name: 'Add account' }).click();
    await expect(page.getByRole('status').filter({ hasText: `Added ${email}.` })).toBeVisible();
  }
  await shot(page, 'admin-accounts');
  await page.getByRole('button', { name: 'Manage charles@example.com' }).click();
  await shot(page, 'admin-accounts-menu');
  await page.keyboard.press('Escape');
  // What keeps the store safe: the emergency kit, the store key, backups.
  await page.getByRole('region', { name: 'Store key' }).scrollIntoViewIfNeeded();
  await page.getByRole('region', { name: 'Emergency kit' }).screenshot({ path: 'docs/screenshots/store-safety-kit.png' });
  await page.getByRole('region', { name: 'Store key' }).screenshot({ path: 'docs/screenshots/store-safety-key.png' });
  await page.getByRole('region', { name: 'Backups' }).screenshot({ path: 'docs/screenshots/store-safety-backups.png' });
  // A narrow window (320 CSS px, a phone-sized window or 400 % zoom) and the dark theme.
  await page.setViewportSize({ width: 320, height: 900 });
  await shot(page, 'admin-accounts-narrow');
  await page.getByRole('button', { name: 'My account' }).click();
  await shot(page, 'account-narrow');
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot(page, 'account-narrow-dark');
  await page.setViewportSize({ width: 1280, height: 720 });
  await shot(page, 'account-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.getByRole('button', { name: 'Accounts' }).click();
  await page.getByRole('button', { name: 'Policy' }).click();
  await expect(page.getByRole('heading', { name: 'Password and sign-in policy' })).toBeVisible();
  await shot(page, 'admin-policy');
  await page.getByRole('button', { name: 'About' }).click();
  await expect(page.getByRole('heading', { name: 'About Gatehouse' })).toBeVisible();
  await shot(page, 'about');
  await page.setViewportSize({ width: 320, height: 900 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: 'test-results/about-320-dark.png' });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.getByRole('button', { name: 'Sign out' }).click();

  await page.getByLabel('Email address').fill('charles@example.com');
  await page.getByLabel('Password', { exact: true }).fill('not the passphrase');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await shot(page, 'sign-in');
  for (let i = 0; i < 4; i++) {
    await page.getByLabel('Password', { exact: true }).fill(`wrong ${i}`);
    await Promise.all([page.waitForResponse(/auth\.signIn$/), page.getByRole('button', { name: 'Sign in', exact: true }).click()]);
  }
  await page.getByLabel('Password', { exact: true }).fill('Charles Babbage temporary passphrase');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('timer')).toBeVisible();
  await shot(page, 'throttled');

  await page.getByLabel('Email address').fill('mary@example.com');
  await page.getByLabel('Password', { exact: true }).fill('Mary Somerville temporary passphrase');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
  await page.getByLabel('New password', { exact: true }).fill('connexion of the physical sciences');
  await expect(page.getByText('This password meets the policy')).toBeVisible();
  await shot(page, 'change-password');
  await page.getByLabel('Confirm new password').fill('connexion of the physical sciences');
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await page.getByRole('button', { name: 'Sign out' }).click();

  await page.getByLabel('Email address').fill('ada@example.com');
  await page.getByLabel('Password', { exact: true }).fill('analytical engine passphrase');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('button', { name: 'Audit trail' }).click();
  await expect(page.getByRole('table')).toContainText('sign_in');
  await shot(page, 'admin-audit');
  await page.getByRole('button', { name: 'Lock' }).click();
  await expect(page.getByRole('heading', { name: 'Gatehouse is locked' })).toBeVisible();
  await shot(page, 'locked');
});
