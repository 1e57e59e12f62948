// WCAG 1.4.10 Reflow: at 320 CSS px (and at 480 and 640, a 1280 px window at 200 % zoom)
// nothing scrolls sideways, on any page, in either theme. Tables become one card per row.
import type { Page } from '@playwright/test';
import { expect, expectAccessible, test, usePreview, keepEmergencyKit } from './fixtures.js';

const app = usePreview();
const ADMIN = { email: 'a-very-long-address-for-reflow@department.example.com', password: 'reflow has a long passphrase' };

const PAGES = ['My account', 'Accounts', 'Providers', 'Delivery', 'Audit trail', 'Policy'];

/** How much wider the page is than the window: 0 when nothing scrolls sideways. */
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test('set up an administrator with a long address and a second account', async ({ page }) => {
  await page.goto(app().url);
  await page.getByLabel('Email address').fill(ADMIN.email);
  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await page.getByLabel('Confirm password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Create administrator account' }).click();
  await keepEmergencyKit(page);
  await expect(page.getByRole('heading', { name: 'My account' })).toBeVisible();
  // After signing in, the page's heading has the focus, and the page is announced.
  await expect(page.getByRole('heading', { name: 'My account' })).toBeFocused();
  await page.getByRole('button', { name: 'Accounts' }).click();
  await expect(page.getByRole('heading', { name: 'Accounts' })).toBeFocused();
  await page.getByRole('button', { name: 'Add account' }).click();
  await page.getByLabel('Email address').fill('someone-else-with-a-long-name@example.com');
  await page.getByLabel('Password', { exact: true }).fill('someone has a long passphrase');
  await page.getByRole('button', { name: 'Add account' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Added someone-else-with-a-long-name@example.com.' })).toBeVisible();
});

for (const scheme of ['light', 'dark'] as const) {
  for (const width of [320, 480, 640]) {
    test(`nothing scrolls sideways at ${width} px (${scheme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width, height: 800 });
      await page.goto(app().url);
      for (const name of PAGES) {
        await page.getByRole('button', { name, exact: true }).click();
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
        expect(await overflow(page), `${name} at ${width} px`).toBeLessThanOrEqual(0);
      }
      // A row's menu stays inside the window too.
      await page.getByRole('button', { name: 'Accounts', exact: true }).click();
      await page.getByRole('button', { name: `Manage ${ADMIN.email}` }).click();
      expect(await overflow(page), `menu at ${width} px`).toBeLessThanOrEqual(0);
      if (width === 320) await expectAccessible(page, `accounts at ${width} px (${scheme})`);
    });
  }
}

test('the sign-in screen reflows at 320 px', async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 700 });
  await page.goto(app().url);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to Gatehouse' })).toBeVisible();
  expect(await overflow(page)).toBeLessThanOrEqual(0);
  await expect(page.getByText('Forgot your password? Ask an administrator of this computer')).toBeVisible();
});
