import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, expectAccessible, test, usePreview } from './fixtures.js';

const ADMIN = { email: 'ada@example.com', name: 'Ada Admin', password: 'ada has a long passphrase' };
const BOB = { email: 'bob@example.com', temporary: 'temporary passphrase for bob', chosen: 'bob chose this passphrase', later: 'and later another passphrase' };
const app = usePreview();

async function signIn(page: Page, email: string, password: string) {
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  // Wait for main's answer, so that the next step does not race the form being reset.
  await Promise.all([page.waitForResponse(/\/ipc\/auth\.signIn$/), page.getByRole('button', { name: 'Sign in', exact: true }).click()]);
}

test('first run creates the administrator, explaining the policy as they type', async ({ page }) => {
  // The first screen comes with the page: no "Opening…", no call for the status before it.
  const statusCalls: string[] = [];
  page.on('request', (request) => request.url().endsWith('/ipc/app.status') && statusCalls.push(request.url()));
  await page.goto(app().url);
  await expect(page.getByRole('heading', { name: 'Set up Gatehouse' })).toBeVisible();
  expect(statusCalls).toEqual([]);
  await expectAccessible(page, 'first run');
  await page.getByLabel('Email address').fill(ADMIN.email);
  await page.getByLabel('Your name').fill(ADMIN.name);
  const password = page.getByLabel('Password', { exact: true });
  await password.fill('password1');
  await expect(page.getByText('Use at least 15 characters (9 so far)')).toBeVisible();
  await expect(page.getByText(/too common/)).toBeVisible();
  await password.fill(ADMIN.password);
  await page.getByLabel('Confirm password').fill(ADMIN.password);
  await expect(page.getByText('This password meets the policy')).toBeVisible();
  await page.getByRole('button', { name: 'Create administrator account' }).click();
  // The emergency kit comes first, shown once: its heading has the focus, and it is checked by
  // typing one group back; a wrong group is said at the field and goes nowhere.
  await expect(page.getByRole('heading', { name: 'Save your emergency kit' })).toBeFocused();
  await expectAccessible(page, 'emergency kit');
  const groups = await page.getByRole('list', { name: 'Recovery key, in groups of four' }).locator('code').allInnerTexts();
  expect(groups).toHaveLength(9);
  await page.getByRole('button', { name: "I've stored my emergency kit" }).click();
  const group = page.getByLabel('Group 5 of the recovery key');
  await expect(group).toBeFocused();
  await group.fill(groups[4] === 'AAAA' ? 'BBBB' : 'AAAA');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(group).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('That is not group 5 of your recovery key.')).toBeVisible();
  await group.fill(groups[4]!.toLowerCase());
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: 'My account' })).toBeVisible();
  await expect(page.getByText(ADMIN.email)).toBeVisible();
  await expectAccessible(page, 'account');
  // The session lives in main: a reload keeps it, signing out ends it.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'My account' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to Gatehouse' })).toBeVisible();
});

test('the administrator adds an account that must choose its own password', async ({ page }) => {
  await page.goto(app().url);
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.getByRole('button', { name: 'Accounts' }).click();
  await page.getByRole('button', { name: 'Add account' }).click();
  await page.getByLabel('Email address').fill(BOB.email);
  await page.getByLabel('Name', { exact: true }).fill('Bob');
  await page.getByLabel('Password', { exact: true }).fill(BOB.temporary);
  await expect(page.getByLabel('Require a new password at first sign-in')).toBeChecked();
  await page.getByRole('button', { name: 'Add account' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Added ${BOB.email}.` })).toBeVisible();
  await expect(page.getByRole('row', { name: /bob@example\.com/ }).getByText('Must change password')).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to Gatehouse' })).toBeVisible();
});

test('a wrong password says only that email or password is wrong, and clears the field', async ({ page }) => {
  await page.goto(app().url);
  await expectAccessible(page, 'sign in');
  await signIn(page, BOB.email, 'not bobs passphrase');
  await expect(page.getByRole('alert')).toHaveText('Incorrect email or password.');
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
  await signIn(page, 'nobody@example.com', 'not anyones passphrase');
  await expect(page.getByRole('alert')).toHaveText('Incorrect email or password.');
});

test('five failures lock the account for five minutes, with the time to wait', async ({ page }) => {
  await page.goto(app().url);
  for (let i = 1; i < 5; i++) {
    // one failure is already counted by the previous test
    await signIn(page, BOB.email, `wrong guess ${i}`);
    await expect(page.getByRole('alert')).toHaveText('Incorrect email or password.');
  }
  await signIn(page, BOB.email, BOB.temporary);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Too many failed attempts. You can try again in');
  await expect(page.getByRole('timer')).toHaveText(/^[45]:\d\d$/);
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeDisabled();
  await expectAccessible(page, 'throttled');
});

test('an administrator unlocks the account', async ({ page }) => {
  await page.goto(app().url);
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.getByRole('button', { name: 'Accounts' }).click();
  const row = page.getByRole('row', { name: /bob@example\.com/ });
  await expect(row.getByText('Locked for a while')).toBeVisible();
  await row.getByRole('button', { name: `Manage ${BOB.email}` }).click();
  await page
    .getByRole('list', { name: `Actions for ${BOB.email}` })
    .getByRole('button', { name: 'Unlock' })
    .click();
  await expect(page.getByRole('status').filter({ hasText: `Unlocked ${BOB.email}.` })).toBeVisible();
  await expect(row.getByText('Must change password')).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
});

test('the forced change leads nowhere but a new password, then into the app', async ({ page }) => {
  await page.goto(app().url);
  await signIn(page, BOB.email, BOB.temporary);
  await expect(page.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
  await expect(page.getByText('An administrator asked you to choose a new password')).toBeVisible();
  await expect(page.getByRole('navigation')).toHaveCount(0);
  await expectAccessible(page, 'forced change');
  await page.getByLabel('New password', { exact: true }).fill(BOB.chosen);
  await page.getByLabel('Confirm new password').fill('something else entirely');
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await expect(page.getByText('The two passwords are not the same')).toBeVisible();
  // The temporary password again is no new password: main refuses it, and the step stays.
  await page.getByLabel('New password', { exact: true }).fill(BOB.temporary);
  await page.getByLabel('Confirm new password').fill(BOB.temporary);
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await expect(page.getByText(/choose a password different from your current one/i).first()).toBeVisible();
  await expect(page.getByLabel('New password', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('New password', { exact: true }).fill(BOB.chosen);
  await page.getByLabel('Confirm new password').fill(BOB.chosen);
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await expect(page.getByRole('heading', { name: 'My account' })).toBeVisible();
  // Not an administrator: no admin pages.
  await expect(page.getByRole('button', { name: 'Accounts' })).toHaveCount(0);
});

test('changing the password requires the current one', async ({ page }) => {
  await page.goto(app().url);
  await expect(page.getByRole('heading', { name: 'My account' })).toBeVisible();
  // A success note belongs to its action: the next action, wherever it starts, takes it away.
  await page.getByLabel('Name', { exact: true }).fill('Bob Builder');
  await page.getByRole('button', { name: 'Save name' }).click();
  const saved = page.getByRole('status').filter({ hasText: 'Your name was saved.' });
  await expect(saved).toBeVisible();
  await page.getByRole('button', { name: 'Add authenticator app' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: 'Connect your authenticator app' })).toBeVisible();
  await expect(saved).toHaveCount(0);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.getByLabel('Current password').fill('not the current one');
  await page.getByLabel('New password', { exact: true }).fill(BOB.later);
  await page.getByLabel('Confirm new password').fill(BOB.later);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText('Your current password is not correct')).toBeVisible();
  // The refused new password is said at its field, in the policy's words.
  await page.getByLabel('Current password').fill(BOB.chosen);
  await page.getByLabel('New password', { exact: true }).fill(BOB.chosen);
  await page.getByLabel('Confirm new password').fill(BOB.chosen);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText(/choose a password different from your current one/i).first()).toBeVisible();
  await page.getByLabel('Current password').fill(BOB.chosen);
  await page.getByLabel('New password', { exact: true }).fill(BOB.later);
  await page.getByLabel('Confirm new password').fill(BOB.later);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your password was changed.' })).toBeVisible();
});

test('About Gatehouse says the version, where the store is, that a browser tab hears no screen lock, and what ships, with its licences', async ({ page }) => {
  await page.goto(app().url);
  await page.getByRole('button', { name: 'About' }).click();
  await expect(page.getByRole('heading', { name: 'About Gatehouse' })).toBeFocused();
  const version = (JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string }).version;
  await expect(page.getByRole('definition').filter({ hasText: version })).toBeVisible();
  await expect(page.getByText(app().dataDir, { exact: true })).toBeVisible();
  await expect(page.getByText('Gatehouse cannot tell when your screen locks here')).toBeVisible();
  const licences = page.getByRole('table', { name: 'Packages shipped in Gatehouse, with their licences' });
  await expect(licences.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'react-dom', exact: true }) })).toContainText('MIT');
  await expect(licences.getByRole('rowheader', { name: 'better-sqlite3-multiple-ciphers', exact: true })).toBeVisible();
  // Build tools never ship.
  for (const tool of ['tsx', 'esbuild', 'vite', 'typescript']) await expect(licences.getByRole('rowheader', { name: tool, exact: true })).toHaveCount(0);
  await expectAccessible(page, 'about');
});

test('the session locks when idle, hides the app, and unlocks with the password where the user was', async ({ page }) => {
  await page.goto(app().url);
  await page.getByLabel('Name', { exact: true }).fill('Bob, half-typed');
  await app().advanceClock(11 * 60_000);
  await expect(page.getByRole('heading', { name: 'Gatehouse is locked' })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByText(`Locked · ${BOB.email}`)).toBeVisible();
  await expect(page.getByRole('heading', { name: 'My account' })).toBeHidden();
  await expectAccessible(page, 'locked');
  await page.getByLabel('Password', { exact: true }).fill('wrong passphrase here');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('alert')).toHaveText('Incorrect email or password.');
  await page.getByLabel('Password', { exact: true }).fill(BOB.later);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('heading', { name: 'My account' })).toBeVisible();
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Bob, half-typed');
});

test('locking the OS screen locks Gatehouse too', async ({ page }) => {
  await page.goto(app().url);
  await expect(page.getByRole('heading', { name: 'My account' })).toBeVisible();
  await app().lockScreen();
  await expect(page.getByRole('heading', { name: 'Gatehouse is locked' })).toBeVisible({ timeout: 15_000 });
});

test('signing out from the lock screen ends the session', async ({ page }) => {
  await page.goto(app().url);
  await expect(page.getByRole('heading', { name: 'Gatehouse is locked' })).toBeVisible();
  // One way out, not two buttons that do the same.
  await expect(page.getByRole('button', { name: /sign out|switch account/i })).toHaveCount(1);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to Gatehouse' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Sign in to Gatehouse' })).toBeVisible();
});
