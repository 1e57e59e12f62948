import { addVirtualAuthenticator, createAdministrator, expect, test, usePreview } from '../e2e/fixtures.js';

const app = usePreview();

test('screenshots of a security key kept as a second step', async ({ page }) => {
  await page.goto(app().url);
  await addVirtualAuthenticator(page, 'securityKeyWithoutPin');
  await createAdministrator(page, { email: 'grace@example.com', name: 'Grace Hopper', password: 'a compiler for business data' });
  await page.getByRole('button', { name: 'Add a security key' }).click();
  await expect(page.getByRole('note').filter({ hasText: 'If your security key has no PIN' })).toBeVisible();
  await page.getByRole('heading', { name: 'Passkeys' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'docs/screenshots/security-key-offer.png' });
  await page.getByRole('button', { name: 'Add it as a second step' }).click();
  await page.getByRole('button', { name: "I've saved my recovery codes" }).click();
  await expect(page.getByRole('list', { name: 'Passkeys' })).toContainText('Second step only');
  await page.getByRole('heading', { name: 'Passkeys' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'docs/screenshots/security-key-second-step.png' });
  await page.setViewportSize({ width: 320, height: 900 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.locator('.passkeys').screenshot({ path: 'test-results/security-key-320-dark.png' });
});
