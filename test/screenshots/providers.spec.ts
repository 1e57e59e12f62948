import { runGatehouse } from '../support/cli.js';
import { startOidcProvider } from '../support/oidc-provider.js';
import { expect, startPreview, test, keepEmergencyKit } from '../e2e/fixtures.js';

test('screenshots of signing in with a provider, the linked providers, and the admin page', async ({ page }) => {
  const op = await startOidcProvider([{ sub: 'grace-at-idp', email: 'grace@example.com', name: 'Grace Hopper', amr: ['pwd', 'mfa'] }]);
  const preview = await startPreview();
  try {
    const { app } = preview;
    await page.goto(app.url);
    await page.getByLabel('Email address').fill('ada@example.com');
    await page.getByLabel('Your name').fill('Ada Lovelace');
    await page.getByLabel('Password', { exact: true }).fill('ada has a long passphrase');
    await page.getByLabel('Confirm password').fill('ada has a long passphrase');
    await page.getByRole('button', { name: 'Create administrator account' }).click();
    await keepEmergencyKit(page);
    await expect(page.getByRole('heading', { name: 'My account' })).toBeVisible();
    const cli = ['--data-dir', app.dataDir, '--keychain', app.keychain, 'providers', 'add', '--client-id', op.clientId, '--insecure-loopback-issuer'];
    expect((await runGatehouse([...cli, '--name', 'Contoso SSO', '--issuer', op.issuer, '--allow-registration'])).code).toBe(0);
    expect((await runGatehouse([...cli, '--name', 'Offline IdP', '--issuer', 'http://127.0.0.1:65533'])).code).toBe(0);
    await runGatehouse(['--data-dir', app.dataDir, '--keychain', app.keychain, 'providers', 'test', '--name', 'Offline IdP']);
    await runGatehouse(['--data-dir', app.dataDir, '--keychain', app.keychain, 'providers', 'test', '--name', 'Contoso SSO']);
    await page.getByRole('button', { name: 'Providers' }).click();
    await expect(page.getByRole('list', { name: 'Providers' })).toContainText('Cannot be reached');
    await page.screenshot({ path: 'docs/screenshots/admin-providers.png' });
    await page.getByRole('button', { name: 'Sign out' }).click();

    await expect(page.getByRole('button', { name: 'Continue with Contoso SSO' })).toBeVisible();
    await page.screenshot({ path: 'docs/screenshots/provider-buttons.png' });
    await page.getByRole('button', { name: 'Continue with Contoso SSO' }).click();
    await expect(page.getByRole('heading', { name: 'Continue in your browser' })).toBeVisible();
    await page.screenshot({ path: 'docs/screenshots/provider-waiting.png' });

    const browser = await page.context().newPage();
    await browser.goto((await app.openedPages()).at(-1)!);
    await browser.locator('input[name="login"]').fill('grace-at-idp');
    await browser.locator('input[name="password"]').fill('anything');
    await browser.locator('button[type="submit"]').click();
    await browser.locator('button[type="submit"]').click();
    await expect(browser.getByRole('heading', { name: 'You can return to Gatehouse' })).toBeVisible();
    await browser.screenshot({ path: 'docs/screenshots/provider-return.png' });
    await browser.close();
    await expect(page.getByRole('list', { name: 'Linked providers' })).toContainText('Contoso SSO');
    await page.getByRole('heading', { name: 'Sign-in providers' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'docs/screenshots/linked-providers.png', fullPage: true });
    await page.setViewportSize({ width: 320, height: 900 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: 'test-results/linked-providers-320-dark.png', fullPage: true });
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.emulateMedia({ colorScheme: 'light' });

    // Six minutes on, a sensitive action asks her to sign in again at her provider.
    await app.advanceClock(6 * 60_000);
    await page.getByRole('button', { name: 'Set a password' }).click();
    await page.getByLabel('Password', { exact: true }).fill('grace chose a long passphrase');
    await page.getByLabel('Confirm password').fill('grace chose a long passphrase');
    await page.getByRole('button', { name: 'Set password' }).click();
    await expect(page.getByRole('dialog', { name: "Confirm it's you" })).toBeVisible();
    await page.screenshot({ path: 'docs/screenshots/confirm-with-provider.png' });
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();

    // Locked, with no password: the provider is the way back in.
    await app.lockScreen();
    await expect(page.getByRole('button', { name: 'Unlock with Contoso SSO' })).toBeVisible({ timeout: 15_000 });
    await page.screenshot({ path: 'docs/screenshots/locked-provider.png' });
    await page.setViewportSize({ width: 320, height: 600 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: 'test-results/locked-provider-320-dark.png' });
  } finally {
    await preview.stop();
    await op.stop();
  }
});
