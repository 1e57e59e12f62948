import type { Page } from '@playwright/test';
import { expect, test, usePreview, keepEmergencyKit } from '../e2e/fixtures.js';

const app = usePreview();
const shot = (page: Page, name: string) => page.screenshot({ path: `docs/screenshots/${name}.png` });

test('screenshots of passkeys', async ({ page }) => {
  await page.goto(app().url);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  await page.getByLabel('Email address').fill('katherine@example.com');
  await page.getByLabel('Your name').fill('Katherine Johnson');
  await page.getByLabel('Password', { exact: true }).fill('trajectories computed by hand');
  await page.getByLabel('Confirm password').fill('trajectories computed by hand');
  await page.getByRole('button', { name: 'Create administrator account' }).click();
  await keepEmergencyKit(page);
  await page.getByRole('button', { name: 'Create a passkey' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Passkey saved' })).toBeVisible();
  // The first passkey is the first second factor: its recovery codes come with it.
  await page.getByRole('heading', { name: 'Passkeys' }).scrollIntoViewIfNeeded();
  await shot(page, 'passkey-recovery-codes');
  await page.getByRole('button', { name: "I've saved my recovery codes" }).click();
  await expect(page.getByRole('list', { name: 'Passkeys' })).toBeVisible();
  await page.getByRole('heading', { name: 'Passkeys' }).scrollIntoViewIfNeeded();
  await shot(page, 'passkeys');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('button', { name: 'Sign in with a passkey' })).toBeVisible();
  await shot(page, 'passkey-sign-in');
});
