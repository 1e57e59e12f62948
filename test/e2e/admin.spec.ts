import type { Page } from '@playwright/test';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, expectAccessible, test, usePreview, keepEmergencyKit } from './fixtures.js';

const ADMIN = { email: 'root@example.com', password: 'root has a long passphrase' };
const app = usePreview();

async function addAccount(page: Page, email: string, name: string, options: { admin?: boolean } = {}) {
  await page.getByRole('button', { name: 'Add account' }).click();
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Password', { exact: true }).fill(`${name} has a passphrase`);
  if (options.admin) await page.getByLabel(/^Administrator/).check();
  await page.getByRole('button', { name: 'Add account' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Added ${email}.` })).toBeVisible();
}

test('set up, then the accounts page lists, searches and filters', async ({ page }) => {
  await page.goto(app().url);
  await page.getByLabel('Email address').fill(ADMIN.email);
  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await page.getByLabel('Confirm password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Create administrator account' }).click();
  await keepEmergencyKit(page);
  await page.getByRole('button', { name: 'Accounts' }).click();
  await expect(page.getByRole('heading', { name: 'Accounts' })).toBeVisible();
  await addAccount(page, 'carol@example.com', 'Carol');
  await addAccount(page, 'dave@example.com', 'Dave');
  await expectAccessible(page, 'accounts');
  const rows = page.getByRole('table').getByRole('row');
  await expect(rows).toHaveCount(4); // header + 3
  await page.getByLabel('Search accounts').fill('car');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText('carol@example.com');
  await page.getByLabel('Search accounts').fill('');
  await page.getByLabel('Show').selectOption('must_change');
  await expect(rows).toHaveCount(3);
  await page.getByLabel('Show').selectOption('all');
});

test('an administrator adding an account gets the same policy check, done in main, shown at the field', async ({ page }) => {
  await page.goto(app().url);
  await page.getByRole('button', { name: 'Accounts' }).click();
  await page.getByRole('button', { name: 'Add account' }).click();
  await page.getByLabel('Email address').fill('weak@example.com');
  const password = page.getByLabel('Password', { exact: true });
  await password.fill('qwerty');
  await page.getByRole('button', { name: 'Add account' }).click();
  // At the field, tied to it for screen readers, and the focus taken there; no banner.
  await expect(password).toHaveAttribute('aria-invalid', 'true');
  await expect(password).toBeFocused();
  const error = page.locator(`#${await password.getAttribute('aria-describedby').then((ids) => ids!.split(' ').find((id) => id.endsWith('-error')))}`);
  await expect(error).toContainText('The password was refused');
  await expect(error).toContainText('too common');
  await expect(page.getByRole('alert')).toHaveCount(0);
  // A malformed address is refused at its own field, in a sentence.
  await page.getByLabel('Email address').fill('not an address');
  await password.fill('a perfectly long passphrase');
  await page.getByRole('button', { name: 'Add account' }).click();
  await expect(page.getByLabel('Email address')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('"not an address" is not a valid email address.')).toBeVisible();
  await expect(page.getByLabel('Email address')).toHaveAttribute('maxlength', '254');
  await page.getByRole('button', { name: 'Cancel' }).click();
});

/** Opens an account's row menu and picks one of its actions. */
async function manage(page: Page, email: string, action: string) {
  await page.getByRole('button', { name: `Manage ${email}` }).click();
  await page
    .getByRole('list', { name: `Actions for ${email}` })
    .getByRole('button', { name: action, exact: true })
    .click();
}

test('disable and enable, with a confirmation', async ({ page }) => {
  await page.goto(app().url);
  await page.getByRole('button', { name: 'Accounts' }).click();
  const row = page.getByRole('row', { name: /dave@example\.com/ });
  // One menu per row; it opens with the focus on its first action and closes with Escape.
  const menuButton = row.getByRole('button', { name: 'Manage dave@example.com' });
  await menuButton.click();
  await expect(menuButton).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByRole('list', { name: 'Actions for dave@example.com' }).getByRole('button').first()).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(menuButton).toHaveAttribute('aria-expanded', 'false');
  await expect(menuButton).toBeFocused();
  await manage(page, 'dave@example.com', 'Disable');
  const dialog = page.getByRole('dialog', { name: 'Disable dave@example.com?' });
  await expect(dialog).toBeVisible();
  await expectAccessible(page, 'confirm dialog');
  // The safe choice has the focus: Enter cancels, and nothing is disabled.
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect(row.getByText('Must change password')).toBeVisible();
  // Escape cancels too, and the focus goes back to the row's menu button.
  await manage(page, 'dave@example.com', 'Disable');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(menuButton).toBeFocused();
  await manage(page, 'dave@example.com', 'Disable');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(row.getByText('Must change password')).toBeVisible();
  await manage(page, 'dave@example.com', 'Disable');
  await page.getByRole('dialog').getByRole('button', { name: 'Disable account' }).click();
  await expect(row.getByText('Disabled', { exact: true })).toBeVisible();
  await manage(page, 'dave@example.com', 'Enable');
  await expect(row.getByText('Disabled', { exact: true })).toHaveCount(0);
});

test('require a new password, and delete with a confirmation', async ({ page }) => {
  await page.goto(app().url);
  await page.getByRole('button', { name: 'Accounts' }).click();
  await addAccount(page, 'erin@example.com', 'Erin');
  // Accounts added with a temporary password must change it already: nothing more to require.
  await page.getByRole('button', { name: 'Manage carol@example.com' }).click();
  await expect(page.getByRole('list', { name: 'Actions for carol@example.com' }).getByRole('button', { name: 'Require a new password' })).toHaveCount(0);
  await page.getByRole('list', { name: 'Actions for carol@example.com' }).getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('dialog', { name: 'Delete carol@example.com?' })).toBeVisible();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete account' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Deleted carol@example.com.' })).toBeVisible();
  await expect(page.getByRole('row', { name: /carol@example\.com/ })).toHaveCount(0);
  // Your own account offers neither Disable nor Delete, nor a role change.
  await page.getByRole('button', { name: 'Manage root@example.com' }).click();
  const mine = page.getByRole('list', { name: 'Actions for root@example.com' });
  await expect(mine.getByRole('button', { name: /Delete|Disable|Make user|temporary/ })).toHaveCount(0);
  await mine.getByRole('button', { name: 'Require a new password' }).click();
  await expect(page.getByRole('dialog', { name: 'Require a new password at next sign-in?' })).toBeVisible();
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
});

test('rename, make an administrator, and set a temporary password, each confirmed', async ({ page }) => {
  await page.goto(app().url);
  await page.getByRole('button', { name: 'Accounts' }).click();
  const erin = page.getByRole('row', { name: /erin@example\.com/ });
  await manage(page, 'erin@example.com', 'Rename');
  const rename = page.getByRole('dialog', { name: 'Rename erin@example.com' });
  await expect(rename.getByLabel('Name')).toBeFocused();
  await rename.getByLabel('Name').fill('Erin Example');
  await rename.getByRole('button', { name: 'Save name' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Renamed erin@example.com to Erin Example.' })).toBeVisible();
  await expect(erin).toContainText('Erin Example');

  // A new administrator widens access: confirmed first (main asks an administrator with a second factor for a fresh one).
  await manage(page, 'erin@example.com', 'Make administrator');
  await page.getByRole('dialog', { name: 'Make erin@example.com an administrator?' }).getByRole('button', { name: 'Make administrator' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'erin@example.com is now an administrator.' })).toBeVisible();
  await expect(erin.getByRole('cell', { name: 'Administrator' })).toBeVisible();
  // No temporary password for an administrator: made a user first.
  await page.getByRole('button', { name: 'Manage erin@example.com' }).click();
  await expect(page.getByRole('list', { name: 'Actions for erin@example.com' }).getByRole('button', { name: 'Set a temporary password' })).toHaveCount(0);
  await page.keyboard.press('Escape');
  await manage(page, 'erin@example.com', 'Make user');
  await page.getByRole('dialog', { name: 'Make erin@example.com a user?' }).getByRole('button', { name: 'Make user' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'erin@example.com is no longer an administrator.' })).toBeVisible();

  await manage(page, 'erin@example.com', 'Set a temporary password');
  const temporary = page.getByRole('dialog', { name: 'Set a temporary password for erin@example.com' });
  await expect(temporary.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await temporary.getByLabel('Temporary password').fill('qwerty');
  await temporary.getByRole('button', { name: 'Set temporary password' }).click();
  // The policy applies: refused at the field.
  await expect(temporary.getByLabel('Temporary password')).toHaveAttribute('aria-invalid', 'true');
  await expect(temporary.getByText(/The password was refused/)).toBeVisible();
  await temporary.getByLabel('Temporary password').fill('a fresh temporary passphrase');
  await temporary.getByRole('button', { name: 'Set temporary password' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'erin@example.com has a temporary password' })).toBeVisible();
  await expect(erin.getByText('Must change password')).toBeVisible();
  // Two-step verification required of one account, on top of the policy.
  await manage(page, 'erin@example.com', 'Require two-step verification');
  await expect(page.getByRole('status').filter({ hasText: 'Two-step verification is required of erin@example.com.' })).toBeVisible();
  await expect(erin.getByRole('cell', { name: 'Off · required' })).toBeVisible();
  await manage(page, 'erin@example.com', 'Stop requiring two-step verification');
  await expect(erin.getByRole('cell', { name: 'Off', exact: true })).toBeVisible();
  // Sorting: newest sign-in first puts the administrator, who signed in, on top.
  await page.getByLabel('Sort by').selectOption('last_sign_in');
  await expect(page.getByRole('table').getByRole('row').nth(1)).toContainText('root@example.com');
});

test('the audit trail lists and filters what happened', async ({ page }) => {
  await page.goto(app().url);
  await page.getByRole('button', { name: 'Audit trail' }).click();
  await expect(page.getByRole('heading', { name: 'Audit trail' })).toBeVisible();
  const table = page.getByRole('table');
  // Sentences first, the identifiers under them; times to the second.
  await expect(table.getByRole('row').filter({ hasText: 'root@example.com deleted carol@example.com' })).toContainText('account.delete · success');
  await expect(table.getByRole('row').filter({ hasText: 'Signed in with password' }).first()).toBeVisible();
  await expect(table.getByRole('row').nth(1).getByRole('cell').first()).toHaveText(/\d\d:\d\d:\d\d/);
  await expectAccessible(page, 'audit');
  await page.getByLabel('What').selectOption({ label: 'Account added' });
  await expect(table.getByRole('row')).toHaveCount(5); // header + root, carol, dave, erin
  await page.getByLabel('What').selectOption('');
  // Any part of an address matches, as it is typed.
  await page.getByLabel('Account email').fill('dav');
  await expect(table.getByRole('row').filter({ hasText: 'root@example.com disabled dave@example.com' })).toHaveCount(1);
  await expect(table.getByRole('row').filter({ hasText: 'carol@example.com' })).toHaveCount(0);
  await page.getByLabel('Result').selectOption({ label: 'Failed' });
  await expect(page.getByText('No entries match.')).toBeVisible();
  await page.getByLabel('Result').selectOption('');
  // A date range: nothing from tomorrow on.
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel('From').fill(tomorrow);
  await expect(page.getByText('No entries match.')).toBeVisible();
  await page.getByLabel('From').fill('');
  await expect(table.getByRole('row').filter({ hasText: 'dave@example.com' }).first()).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export shown entries (JSON Lines)' }).click();
  expect((await download).suggestedFilename()).toMatch(/^gatehouse-audit-\d{4}-\d\d-\d\d\.jsonl$/);
});

test('the policy page saves valid settings and refuses invalid ones in main', async ({ page }) => {
  await page.goto(app().url);
  await page.getByRole('button', { name: 'Policy' }).click();
  await expect(page.getByRole('heading', { name: 'Password and sign-in policy' })).toBeVisible();
  await expectAccessible(page, 'policy');
  const min = page.getByLabel('Minimum password length', { exact: true });
  await expect(min).toHaveValue('15');
  // Settings come in groups an administrator looks for them in.
  for (const group of ['Passwords', 'Sign-in limits', 'Two-step verification', 'Emailed and texted codes', 'Sessions and records']) {
    await expect(page.getByRole('group', { name: group })).toBeVisible();
  }
  // A typo is caught before it is sent; a value out of range is refused by main; both at the field.
  await min.fill('twelve');
  await page.getByRole('button', { name: 'Save policy' }).click();
  await expect(min).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Enter a whole number, in digits.')).toBeVisible();
  await min.fill('4');
  await page.getByRole('button', { name: 'Save policy' }).click();
  await expect(page.getByText('The minimum password length must be at least 8.')).toBeVisible();
  await expect(min).toHaveAttribute('aria-invalid', 'true');
  await expect(min).toBeFocused();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await min.fill('20');
  await page.getByLabel('Password maximum age, in days').fill('365');
  await page.getByRole('button', { name: 'Save policy' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The policy was saved' })).toBeVisible();
  await page.reload();
  await page.getByRole('button', { name: 'Policy' }).click();
  await expect(page.getByLabel('Minimum password length', { exact: true })).toHaveValue('20');
  await expect(page.getByLabel('Password maximum age, in days')).toHaveValue('365');
});

test("password hashing is a policy setting, never below OWASP's minimum, refused at its field by main", async ({ page }) => {
  await page.goto(app().url);
  await page.getByRole('button', { name: 'Policy' }).click();
  const group = page.getByRole('group', { name: 'Password hashing' });
  await expect(group.getByLabel(/Gatehouse's default \(128 MiB, 3 passes, 2 lanes\)/)).toBeChecked();
  await expect(group.getByLabel('Memory, in MiB')).toHaveCount(0);
  await group.getByLabel(/Gatehouse's default/).uncheck();
  await expect(group.getByLabel('Memory, in MiB')).toHaveValue('128');
  await group.getByLabel('Memory, in MiB').fill('8');
  await page.getByRole('button', { name: 'Save policy' }).click();
  const memory = group.getByLabel('Memory, in MiB');
  await expect(memory).toHaveAttribute('aria-invalid', 'true');
  await expect(group.getByText("The hashing memory, in MiB, must be at least 19: OWASP's minimum for Argon2id is 19 MiB.")).toBeVisible();
  await memory.fill('19');
  await group.getByLabel('Passes', { exact: true }).fill('2');
  await group.getByLabel('Lanes', { exact: true }).fill('1');
  await page.getByRole('button', { name: 'Save policy' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The policy was saved' })).toBeVisible();
  await page.reload();
  await page.getByRole('button', { name: 'Policy' }).click();
  await expect(page.getByRole('group', { name: 'Password hashing' }).getByLabel('Memory, in MiB')).toHaveValue('19');
  // Back to the default, for the tests that follow.
  await page
    .getByRole('group', { name: 'Password hashing' })
    .getByLabel(/Gatehouse's default/)
    .check();
  await page.getByRole('button', { name: 'Save policy' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The policy was saved' })).toBeVisible();
});

test('backups: a folder chosen once, then "Back up now", the newest kept', async ({ page }) => {
  const folder = join(mkdtempSync(join(tmpdir(), 'gatehouse-e2e-backups-')), 'Backups');
  await page.goto(app().url);
  await page.getByRole('button', { name: 'Accounts' }).click();
  const section = page.getByRole('region', { name: 'Backups' });
  await expect(section.getByRole('button', { name: 'Back up now' })).toBeDisabled();
  await section.getByLabel('Backup folder').fill('relative/path');
  await section.getByRole('button', { name: 'Save' }).click();
  await expect(section.getByLabel('Backup folder')).toHaveAttribute('aria-invalid', 'true');
  await section.getByLabel('Backup folder').fill(folder);
  await section.getByLabel('Backups to keep').fill('1');
  await section.getByLabel('Back up every day').check();
  await section.getByRole('button', { name: 'Save' }).click();
  await expect(section.getByRole('status').filter({ hasText: `Backups go to ${folder}; the newest 1 are kept. Gatehouse makes one a day while it runs.` })).toBeVisible();
  await section.getByRole('button', { name: 'Back up now' }).click();
  await expect(section.getByRole('status').filter({ hasText: `Backed up to ${folder}` })).toBeVisible();
  const first = readdirSync(folder);
  expect(first).toEqual([expect.stringMatching(/^gatehouse-.*\.backup$/)]);
  expect(readFileSync(join(folder, first[0]!)).subarray(0, 18).toString()).toBe('GATEHOUSE BACKUP 2');
  await app().advanceClock(1500);
  await section.getByRole('button', { name: 'Back up now' }).click();
  await expect(section.getByRole('status').filter({ hasText: '1 older backup was removed.' })).toBeVisible();
  expect(readdirSync(folder)).toHaveLength(1);
  expect(readdirSync(folder)).not.toEqual(first);
});

test('the store key is replaced from the app after a fresh password; the app goes on under the new key', async ({ page }) => {
  const keyCheck = () => (JSON.parse(readFileSync(join(app().dataDir, 'store.json'), 'utf8')) as { keyCheck: string }).keyCheck;
  const before = keyCheck();
  await page.goto(app().url);
  await page.getByRole('button', { name: 'Accounts' }).click();
  await app().advanceClock(6 * 60_000); // the administrator's sign-in is no longer fresh
  const section = page.getByRole('region', { name: 'Store key' });
  await section.getByRole('button', { name: 'Replace the store key' }).click();
  const confirm = page.getByRole('dialog', { name: 'Replace the store key?' });
  // The safe choice has the focus: Enter does not replace anything.
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await confirm.getByRole('button', { name: 'Replace the key' }).click();
  const stepUp = page.getByRole('dialog', { name: "Confirm it's you" });
  await stepUp.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await stepUp.getByRole('button', { name: 'Continue' }).click();
  await expect(section.getByRole('status').filter({ hasText: 'The store has a new key. Your emergency kit works as before' })).toBeVisible();
  expect(keyCheck()).not.toBe(before);
  // Every page keeps working on the same connection, and the trail says what happened.
  await page.getByRole('button', { name: 'Audit trail' }).click();
  await expect(page.getByRole('table').getByRole('row').filter({ hasText: 'Store key replaced' })).toHaveCount(1);
  await page.reload();
  await page.getByRole('button', { name: 'Accounts' }).click();
  await expect(page.getByRole('table').getByRole('row').filter({ hasText: 'dave@example.com' })).toBeVisible();
});

test('a new emergency kit replaces the old one only once it is kept', async ({ page }) => {
  const kitFile = () => readFileSync(join(app().dataDir, 'emergency-kit.json'), 'utf8');
  const before = kitFile();
  await page.goto(app().url);
  await page.getByRole('button', { name: 'Accounts' }).click();
  await app().advanceClock(6 * 60_000);
  const section = page.getByRole('region', { name: 'Emergency kit' });
  await section.getByRole('button', { name: 'Make a new emergency kit' }).click();
  await page.getByRole('dialog', { name: 'Make a new emergency kit?' }).getByRole('button', { name: 'Make a new kit' }).click();
  const stepUp = page.getByRole('dialog', { name: "Confirm it's you" });
  await stepUp.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await stepUp.getByRole('button', { name: 'Continue' }).click();
  // Shown, not yet kept: the kit in force is still the old one.
  await expect(page.getByRole('heading', { name: 'Save your emergency kit' })).toBeVisible();
  expect(kitFile()).toBe(before);
  await keepEmergencyKit(page);
  await expect(page.getByRole('status').filter({ hasText: 'Your new emergency kit is the one that works now' })).toBeVisible();
  expect(kitFile()).not.toBe(before);
  await page.getByRole('button', { name: 'Audit trail' }).click();
  await expect(page.getByRole('table').getByRole('row').filter({ hasText: 'kept: the earlier kit no longer opens the store' })).toHaveCount(1);
});
