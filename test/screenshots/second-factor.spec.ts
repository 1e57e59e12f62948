import type { Page } from '@playwright/test';
import { totpCodeAt } from '../../src/main/core/factors/totp/totp.js';
import { expect, test, usePreview, keepEmergencyKit } from '../e2e/fixtures.js';

const app = usePreview();
const shot = (page: Page, name: string) => page.screenshot({ path: `docs/screenshots/${name}.png` });

test('screenshots of two-step verification', async ({ page }) => {
  await page.goto(app().url);
  await page.getByLabel('Email address').fill('grace@example.com');
  await page.getByLabel('Your name').fill('Grace Hopper');
  await page.getByLabel('Password', { exact: true }).fill('a compiler is a fine thing');
  await page.getByLabel('Confirm password').fill('a compiler is a fine thing');
  await page.getByRole('button', { name: 'Create administrator account' }).click();
  await keepEmergencyKit(page);
  await page.getByRole('button', { name: 'Add authenticator app' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: "Can't scan the QR code?" }).click();
  const key = (await page.locator('code.key').innerText()).replace(/\s/g, '');
  await page.getByLabel('Enter the 6-digit code from your authenticator app').fill(await totpCodeAt(key, app().now()));
  await shot(page, 'totp-enrolment');
  await page.getByRole('button', { name: 'Turn on two-step verification' }).click();
  await expect(page.getByRole('heading', { name: 'Save your recovery codes' })).toBeVisible();
  await shot(page, 'recovery-codes');
  await page.getByRole('button', { name: "I've saved my recovery codes" }).click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('Email address').fill('grace@example.com');
  await page.getByLabel('Password', { exact: true }).fill('a compiler is a fine thing');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Two-step verification' })).toBeVisible();
  await shot(page, 'second-step');
  await page.getByRole('button', { name: 'Use a recovery code' }).click();
  await shot(page, 'second-step-recovery-code');
});
