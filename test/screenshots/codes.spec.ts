import { runGatehouse } from '../support/cli.js';
import { codeSentTo, startSmtpServer } from '../support/smtp-server.js';
import { expect, startPreview, test, keepEmergencyKit } from '../e2e/fixtures.js';

test('screenshots of the delivery settings, asking for a code, and entering it', async ({ page }) => {
  const smtp = await startSmtpServer();
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
    const cli = ['--data-dir', app.dataDir, '--keychain', app.keychain, 'delivery'];
    expect(
      (await runGatehouse([...cli, 'set-smtp', '--host', '127.0.0.1', '--port', String(smtp.port), '--tls', 'none-loopback-only', '--from', 'gatehouse@example.com'])).code,
    ).toBe(0);
    const sms = [
      'set-sms',
      '--base-url',
      'https://api.twilio.com',
      '--account-id',
      'AC0123456789',
      '--auth-token-stdin',
      '--from',
      '+15550001111',
      '--allowed-country-codes',
      '1,44',
    ];
    expect((await runGatehouse([...cli, ...sms], { stdin: 'a token\n' })).code).toBe(0);
    await page.getByRole('button', { name: 'Delivery' }).click();
    await expect(page.getByRole('heading', { name: 'Texts' })).toBeVisible();
    await page.screenshot({ path: 'docs/screenshots/admin-delivery.png', fullPage: true });
    await page.getByRole('button', { name: 'Sign out' }).click();

    await page.getByLabel('Email address').fill('kim@example.com');
    await page.getByRole('button', { name: 'Email me a code' }).click();
    await expect(page.getByRole('heading', { name: 'Sign in with a code' })).toBeVisible();
    await page.screenshot({ path: 'docs/screenshots/code-request.png' });
    await page.getByRole('button', { name: 'Email me a code' }).click();
    await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();
    await page.screenshot({ path: 'docs/screenshots/code-entry.png' });
    await page.getByLabel('Enter the 6-digit code from the email').fill(codeSentTo(smtp, 'kim@example.com'));
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('button', { name: 'Add a phone number' }).click();
    await page.getByRole('textbox', { name: 'Phone number' }).fill('+1 201 555 0123');
    await page.getByRole('heading', { name: 'Profile' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'docs/screenshots/contacts.png' });
  } finally {
    await preview.stop();
    await smtp.stop();
  }
});
