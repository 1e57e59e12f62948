import type { Page } from '@playwright/test';
import { expect, expectAccessible, test, usePreview } from './fixtures.js';

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
  await page.getByRole('button', { name: 'Create administrator account' }).click();
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

test('an administrator adding an account gets the same policy check, done in main', async ({ page }) => {
  await page.goto(app().url);
  await page.getByRole('button', { name: 'Accounts' }).click();
  await page.getByRole('button', { name: 'Add account' }).click();
  await page.getByLabel('Email address').fill('weak@example.com');
  await page.getByLabel('Password', { exact: true }).fill('qwerty');
  await page.getByRole('button', { name: 'Add account' }).click();
  await expect(page.getByRole('alert')).toContainText('The password was refused');
  await expect(page.getByRole('alert')).toContainText('too common');
  await page.getByRole('button', { name: 'Cancel' }).click();
});

test('disable and enable, with a confirmation', async ({ page }) => {
  await page.goto(app().url);
  await page.getByRole('button', { name: 'Accounts' }).click();
  const row = page.getByRole('row', { name: /dave@example\.com/ });
  await row.getByRole('button', { name: 'Disable dave@example.com' }).click();
  const dialog = page.getByRole('dialog', { name: 'Disable dave@example.com?' });
  await expect(dialog).toBeVisible();
  await expectAccessible(page, 'confirm dialog');
  // The safe choice has the focus: Enter cancels, and nothing is disabled.
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect(row.getByText('Must change password')).toBeVisible();
  // Escape cancels too, and gives the focus back to the button that opened the dialog.
  await row.getByRole('button', { name: 'Disable dave@example.com' }).click();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(row.getByRole('button', { name: 'Disable dave@example.com' })).toBeFocused();
  await row.getByRole('button', { name: 'Disable dave@example.com' }).click();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(row.getByText('Must change password')).toBeVisible();
  await row.getByRole('button', { name: 'Disable dave@example.com' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Disable account' }).click();
  await expect(row.getByText('Disabled', { exact: true })).toBeVisible();
  await row.getByRole('button', { name: 'Enable dave@example.com' }).click();
  await expect(row.getByText('Disabled', { exact: true })).toHaveCount(0);
});

test('require a new password, and delete with a confirmation', async ({ page }) => {
  await page.goto(app().url);
  await page.getByRole('button', { name: 'Accounts' }).click();
  await addAccount(page, 'erin@example.com', 'Erin');
  // Accounts added with a temporary password must change it already: nothing more to require.
  const carol = page.getByRole('row', { name: /carol@example\.com/ });
  await expect(carol.getByRole('button', { name: /Require new password/ })).toHaveCount(0);
  await carol.getByRole('button', { name: 'Delete carol@example.com' }).click();
  await expect(page.getByRole('dialog', { name: 'Delete carol@example.com?' })).toBeVisible();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete account' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Deleted carol@example.com.' })).toBeVisible();
  await expect(page.getByRole('row', { name: /carol@example\.com/ })).toHaveCount(0);
  // Your own account offers neither Disable nor Delete.
  const me = page.getByRole('row', { name: /root@example\.com/ });
  await expect(me.getByRole('button', { name: /Delete|Disable/ })).toHaveCount(0);
  await me.getByRole('button', { name: 'Require new password for root@example.com' }).click();
  await expect(page.getByRole('dialog', { name: 'Require a new password at next sign-in?' })).toBeVisible();
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
});

test('the audit trail lists and filters what happened', async ({ page }) => {
  await page.goto(app().url);
  await page.getByRole('button', { name: 'Audit trail' }).click();
  await expect(page.getByRole('heading', { name: 'Audit trail' })).toBeVisible();
  const table = page.getByRole('table');
  await expect(table).toContainText('account.delete');
  await expect(table).toContainText('carol@example.com');
  await expectAccessible(page, 'audit');
  await page.getByLabel('Action').selectOption('account.create');
  await expect(table.getByRole('row')).toHaveCount(5); // header + root, carol, dave, erin
  await page.getByLabel('Action').selectOption('');
  await page.getByLabel('Account email').fill('dave@example.com');
  await expect(table.getByRole('row').filter({ hasText: 'account.disable' })).toHaveCount(1);
  await expect(table.getByRole('row').filter({ hasText: 'carol@example.com' })).toHaveCount(0);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export (JSON Lines)' }).click();
  expect((await download).suggestedFilename()).toMatch(/^gatehouse-audit-\d{4}-\d\d-\d\d\.jsonl$/);
});

test('the policy page saves valid settings and refuses invalid ones in main', async ({ page }) => {
  await page.goto(app().url);
  await page.getByRole('button', { name: 'Policy' }).click();
  await expect(page.getByRole('heading', { name: 'Password and sign-in policy' })).toBeVisible();
  await expectAccessible(page, 'policy');
  const min = page.getByLabel('Minimum password length', { exact: true });
  await expect(min).toHaveValue('15');
  await min.fill('4');
  await page.getByRole('button', { name: 'Save policy' }).click();
  await expect(page.getByRole('alert')).toContainText('passwordMinLength');
  await min.fill('20');
  await page.getByLabel('Password maximum age, in days').fill('365');
  await page.getByRole('button', { name: 'Save policy' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The policy was saved' })).toBeVisible();
  await page.reload();
  await page.getByRole('button', { name: 'Policy' }).click();
  await expect(page.getByLabel('Minimum password length', { exact: true })).toHaveValue('20');
  await expect(page.getByLabel('Password maximum age, in days')).toHaveValue('365');
});
