import type { Page } from '@playwright/test';
import { totpCodeAt } from '../../src/main/core/factors/totp/totp.js';
import { expect, expectAccessible, test, usePreview, keepEmergencyKit } from './fixtures.js';

const ADA = { email: 'ada@example.com', password: 'ada has a long passphrase' };
const BOB = { email: 'bob@example.com', password: 'bob has a long passphrase' };
const app = usePreview();
let secret = '';
let recoveryCodes: string[] = [];

/** A code for main's next time step: each step's code is accepted once, so move on first. */
async function freshCode(key = secret): Promise<string> {
  await app().advanceClock(30_000);
  return totpCodeAt(key, app().now());
}

async function signInWithPassword(page: Page, who: { email: string; password: string }) {
  await page.getByLabel('Email address').fill(who.email);
  await page.getByLabel('Password', { exact: true }).fill(who.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** Goes through the numbered steps, reading the key from the page's text form. */
async function enrol(page: Page, name: string): Promise<string> {
  await page.getByLabel('Name this authenticator app').fill(name);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('img', { name: /QR code to add Gatehouse/ })).toBeVisible();
  await page.getByRole('button', { name: "Can't scan the QR code?" }).click();
  const key = (await page.locator('code.key').innerText()).replace(/\s/g, '');
  expect(key).toMatch(/^[A-Z2-7]{32}$/);
  await page.getByLabel('Enter the 6-digit code from your authenticator app').fill(await freshCode(key));
  await page.getByRole('button', { name: 'Turn on two-step verification' }).click();
  return key;
}

async function readRecoveryCodes(page: Page): Promise<string[]> {
  await expect(page.getByRole('heading', { name: 'Save your recovery codes' })).toBeVisible();
  const codes = await page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').allInnerTexts();
  expect(codes).toHaveLength(10);
  for (const code of codes) expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  return codes;
}

test('enrol an authenticator app from the QR page, and keep the recovery codes shown once', async ({ page }) => {
  await page.goto(app().url);
  await page.getByLabel('Email address').fill(ADA.email);
  await page.getByLabel('Password', { exact: true }).fill(ADA.password);
  await page.getByLabel('Confirm password').fill(ADA.password);
  await page.getByRole('button', { name: 'Create administrator account' }).click();
  await keepEmergencyKit(page);
  await expect(page.getByText('Off. Add an authenticator app')).toBeVisible();
  await page.getByRole('button', { name: 'Add authenticator app' }).click();
  // Each step takes the focus: the name, then the step's heading, then the setup key when asked for.
  await expect(page.getByLabel('Name this authenticator app')).toBeFocused();
  await page.getByLabel('Name this authenticator app').fill('Phone');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('img', { name: /QR code/ })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Connect your authenticator app' })).toBeFocused();
  await expectAccessible(page, 'enrolment');
  await page.getByRole('button', { name: "Can't scan the QR code?" }).click();
  await expect(page.getByText('Enter this setup key in your app instead.')).toBeFocused();
  secret = (await page.locator('code.key').innerText()).replace(/\s/g, '');
  const code = page.getByLabel('Enter the 6-digit code from your authenticator app');
  await code.fill('000000');
  await page.getByRole('button', { name: 'Turn on two-step verification' }).click();
  // A wrong code is said at the field, which takes the focus back.
  await expect(code).toHaveAttribute('aria-invalid', 'true');
  await expect(code).toBeFocused();
  await expect(page.getByText('That code is not right')).toBeVisible();
  await page.getByLabel('Enter the 6-digit code from your authenticator app').fill(await freshCode());
  await page.getByRole('button', { name: 'Turn on two-step verification' }).click();
  recoveryCodes = await readRecoveryCodes(page);
  await expectAccessible(page, 'recovery codes');
  await page.getByRole('button', { name: "I've saved my recovery codes" }).click();
  await expect(page.getByText('Authenticator app · Phone')).toBeVisible();
  await expect(page.getByText('10 of 10 left')).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
});

test('sign in with the password and a code from the app', async ({ page }) => {
  await page.goto(app().url);
  await signInWithPassword(page, ADA);
  await expect(page.getByRole('heading', { name: 'Two-step verification' })).toBeVisible();
  await expect(page.getByText(`Signing in as ${ADA.email}`)).toBeVisible();
  const field = page.getByLabel('Enter the 6-digit code from your authenticator app');
  await expect(field).toHaveAttribute('autocomplete', 'one-time-code');
  await expect(field).toHaveAttribute('inputmode', 'numeric');
  await expectAccessible(page, 'second step');
  await field.fill('000 000');
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByText("That code didn't work")).toBeVisible();
  const code = await freshCode();
  await field.fill(`${code.slice(0, 3)} ${code.slice(3)}`);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('heading', { name: 'My account' })).toBeVisible();
  await expect(page.getByText('with your password and a code from your authenticator app (two-step verification)')).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
});

test('sign in with a recovery code instead, and hear how many are left', async ({ page }) => {
  await page.goto(app().url);
  await signInWithPassword(page, ADA);
  // The second step takes the focus at its field.
  await expect(page.getByLabel('Enter the 6-digit code from your authenticator app')).toBeFocused();
  // A reload in the middle starts the sign-in again, and says so.
  await page.reload();
  await expect(page.getByRole('status').filter({ hasText: 'Gatehouse was reloaded in the middle of signing in' })).toBeVisible();
  await expect(page.getByLabel('Email address')).toBeFocused();
  await signInWithPassword(page, ADA);
  await page.getByRole('button', { name: 'Use a recovery code' }).click();
  const field = page.getByLabel('Enter one of your recovery codes');
  await expect(field).toHaveAttribute('autocomplete', 'off');
  await expectAccessible(page, 'recovery code step');
  await field.fill(recoveryCodes[0]!.toLowerCase());
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'You used a recovery code: 9 left.' })).toBeVisible();
  await expect(page.getByText('9 of 10 left')).toBeVisible();
  await expect(page.getByText(/Only \d+ recovery codes? left/)).toHaveCount(0);

  // Down to 3, then below: the page warns from 2 left (README, "Two-step verification").
  const useCodes = (codes: string[]) =>
    page.evaluate(async (codes) => {
      const gatehouse = (window as unknown as { gatehouse: { session: { stepUp(r: object): Promise<{ value: { kind: string } }> } } }).gatehouse;
      for (const code of codes) if ((await gatehouse.session.stepUp({ kind: 'recovery_code', code })).value.kind !== 'success') throw new Error(`not accepted: ${code}`);
    }, codes);
  await useCodes(recoveryCodes.slice(1, 7));
  await page.reload();
  await expect(page.getByText('3 of 10 left')).toBeVisible();
  await expect(page.getByText(/Only \d+ recovery codes? left/)).toHaveCount(0);
  await useCodes(recoveryCodes.slice(7, 8));
  await page.reload();
  await expect(page.getByText('Only 2 recovery codes left.')).toBeVisible();

  // A sign-in with one says how many are left and where to make more; making new ones ends that message.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signInWithPassword(page, ADA);
  await page.getByRole('button', { name: 'Use a recovery code' }).click();
  await page.getByLabel('Enter one of your recovery codes').fill(recoveryCodes[8]!);
  await page.getByRole('button', { name: 'Verify' }).click();
  const banner = page.getByRole('status').filter({ hasText: 'You used a recovery code: 1 left.' });
  await expect(banner).toBeVisible();
  await expect(banner.getByRole('button', { name: 'Go to recovery codes' })).toBeVisible();
  await page.getByRole('button', { name: 'Generate new codes' }).click();
  await page.getByRole('dialog', { name: 'Generate new recovery codes?' }).getByRole('button', { name: 'Generate new codes' }).click();
  recoveryCodes = await readRecoveryCodes(page);
  await expect(banner).toHaveCount(0);
  // Shown once: the heading has the focus, and leaving the page asks first.
  await expect(page.getByRole('heading', { name: 'Save your recovery codes' })).toBeFocused();
  await page.getByRole('button', { name: "I've saved my recovery codes" }).click();
  await expect(page.getByText('10 of 10 left')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Recovery codes', exact: true })).toBeFocused();
});

test('regenerating recovery codes asks for a fresh second factor in place', async ({ page }) => {
  await page.goto(app().url);
  await app().advanceClock(6 * 60_000); // the recovery code sign-in is now more than 5 minutes old
  await page.getByRole('button', { name: 'Generate new codes' }).click();
  await page.getByRole('dialog', { name: 'Generate new recovery codes?' }).getByRole('button', { name: 'Generate new codes' }).click();
  const stepUp = page.getByRole('dialog', { name: 'Verification required' });
  await expect(stepUp).toBeVisible();
  await expect(stepUp.getByText('Enter a code from your authenticator app to continue.')).toBeVisible();
  await stepUp.getByLabel('Enter the 6-digit code from your authenticator app').fill(await freshCode());
  await stepUp.getByRole('button', { name: 'Verify and continue' }).click();
  const fresh = await readRecoveryCodes(page);
  expect(fresh.some((c) => recoveryCodes.includes(c))).toBe(false);
  recoveryCodes = fresh;
  await page.getByRole('button', { name: "I've saved my recovery codes" }).click();
  await expect(page.getByText('10 of 10 left')).toBeVisible();
});

test('removing an authenticator asks for a fresh second factor, and confirms', async ({ page }) => {
  await page.goto(app().url);
  await page.getByRole('button', { name: 'Add authenticator app' }).click();
  const tablet = await enrol(page, 'Tablet');
  expect(tablet).not.toBe(secret);
  await expect(page.getByText('Authenticator app · Tablet')).toBeVisible();
  await app().advanceClock(6 * 60_000);
  await page.getByRole('button', { name: 'Remove Tablet' }).click();
  await expect(page.getByRole('dialog', { name: 'Remove “Tablet”?' })).toContainText('Your account may be less secure.');
  await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
  const stepUp = page.getByRole('dialog', { name: 'Verification required' });
  await stepUp.getByRole('button', { name: 'Use a recovery code' }).click();
  await stepUp.getByLabel('Enter one of your recovery codes').fill(recoveryCodes[5]!);
  await stepUp.getByRole('button', { name: 'Verify and continue' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Removed the authenticator app “Tablet”' })).toBeVisible();
  await expect(page.getByText('Authenticator app · Tablet')).toHaveCount(0);
  await expect(page.getByText('Authenticator app · Phone')).toBeVisible();
});

test('under "two-step verification for everyone", a new user enrols before reaching the app', async ({ page }) => {
  await page.goto(app().url);
  await page.getByRole('button', { name: 'Policy' }).click();
  await page.getByLabel('Two-step verification is required for').selectOption('all');
  await page.getByRole('button', { name: 'Save policy' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The policy was saved' })).toBeVisible();
  await page.getByRole('button', { name: 'Accounts' }).click();
  await page.getByRole('button', { name: 'Add account' }).click();
  await page.getByLabel('Email address').fill(BOB.email);
  await page.getByLabel('Password', { exact: true }).fill(BOB.password);
  await page.getByLabel('Require a new password at first sign-in').uncheck();
  await page.getByRole('button', { name: 'Add account' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Added ${BOB.email}.` })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();

  await signInWithPassword(page, BOB);
  await expect(page.getByRole('heading', { name: 'Set up two-step verification' })).toBeVisible();
  await expect(page.getByRole('navigation')).toHaveCount(0);
  await expectAccessible(page, 'forced enrolment');
  await enrol(page, 'Phone');
  await readRecoveryCodes(page);
  await page.getByRole('button', { name: "I've saved my recovery codes" }).click();
  await expect(page.getByRole('heading', { name: 'My account' })).toBeVisible();
  await expect(page.getByText(BOB.email)).toBeVisible();
  // The account page says why it is required, and that the last second factor stays.
  await expect(page.getByText('Your administrator requires two-step verification for every account on this computer. You cannot remove your last second factor.')).toBeVisible();
});
