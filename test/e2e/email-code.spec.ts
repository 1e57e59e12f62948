// Signing in with an emailed code as a person would: the app in Chromium, a real SMTP server
// (smtp-server) on 127.0.0.1, and the code read from the message that arrived.
import { totpCodeAt } from '../../src/main/core/factors/totp/totp.js';
import { runGatehouse } from '../support/cli.js';
import { codeSentTo, startSmtpServer, type RunningSmtp } from '../support/smtp-server.js';
import { codeTextedTo, startSmsReceiver, type RunningSmsReceiver } from '../support/sms-receiver.js';
import { expect, expectAccessible, test, usePreview, keepEmergencyKit } from './fixtures.js';

const app = usePreview();
let smtp: RunningSmtp;
let sms: RunningSmsReceiver;

test.beforeAll(async () => {
  smtp = await startSmtpServer();
  sms = await startSmsReceiver();
});
test.afterAll(async () => {
  await smtp.stop();
  await sms.stop();
});

test('a new person registers with an emailed code; a wrong code is refused; the keyboard is enough', async ({ page }) => {
  await page.goto(app().url);
  await page.getByLabel('Email address').fill('ada@example.com');
  await page.getByLabel('Your name').fill('Ada Admin');
  await page.getByLabel('Password', { exact: true }).fill('ada has a long passphrase');
  await page.getByLabel('Confirm password').fill('ada has a long passphrase');
  await page.getByRole('button', { name: 'Create administrator account' }).click();
  await keepEmergencyKit(page);
  await expect(page.getByRole('heading', { name: 'My account' })).toBeVisible();
  const cli = ['--data-dir', app().dataDir, '--keychain', app().keychain];
  // The administrator sets up email on the Delivery page, and proves it with a test message.
  await page.getByRole('button', { name: 'Delivery' }).click();
  await expect(page.getByText('Not set up: nobody can sign in with an emailed code.')).toBeVisible();
  await page.getByRole('button', { name: 'Set up email' }).click();
  const form = page.getByRole('form', { name: 'Email settings' });
  await form.getByLabel('SMTP host').fill('smtp.example.com');
  await form.getByLabel('Port').fill(String(smtp.port));
  await form.getByLabel('Encryption').selectOption('none-loopback-only');
  await form.getByLabel('Sender address').fill('gatehouse@example.com');
  await form.getByRole('button', { name: 'Save email settings' }).click();
  await expect(form.getByText(/plain text is allowed only to a test server on this computer/)).toBeVisible();
  await form.getByLabel('SMTP host').fill('127.0.0.1');
  await form.getByRole('button', { name: 'Save email settings' }).click();
  await expect(page.getByText('Email settings saved. Send a test message to check it.')).toBeVisible();
  await page.getByLabel('Send a test message to').fill('ada@example.com');
  await page.getByRole('button', { name: 'Send a test message' }).click();
  await expect(page.getByText('A test email was sent to ada@example.com.')).toBeVisible();
  expect(smtp.received.at(-1)).toMatchObject({ to: ['ada@example.com'], subject: 'Gatehouse test message' });
  await expectAccessible(page, 'delivery');
  expect((await runGatehouse([...cli, 'delivery', 'show', '--json'])).json()).toMatchObject({ email: { host: '127.0.0.1', tls: 'none-loopback-only' } });
  await page.getByRole('button', { name: 'Sign out' }).click();

  await page.setViewportSize({ width: 320, height: 720 });
  await page.getByLabel('Email address').fill('kim@example.com');
  await page.getByRole('button', { name: 'Email me a code' }).click();
  // The address typed is kept: never asked for twice.
  await expect(page.getByLabel('Email address')).toHaveValue('kim@example.com');
  await page.getByLabel('Email address').press('Enter');
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();
  await expect(page.getByText('We sent a code to kim@example.com. It works for 5 minutes.')).toBeVisible();
  await expect(page.getByRole('timer')).toBeVisible();
  await expectAccessible(page, 'code entry');
  await page.screenshot({ path: 'test-results/email-code-320.png' });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: 'test-results/email-code-320-dark.png' });
  await page.emulateMedia({ colorScheme: 'light' });
  const code = codeSentTo(smtp, 'kim@example.com');

  const input = page.getByLabel('Enter the 6-digit code from the email');
  await expect(input).toHaveAttribute('autocomplete', 'one-time-code');
  await input.fill(String((Number(code) + 1) % 1_000_000).padStart(6, '0'));
  await input.press('Enter');
  await expect(page.getByText('That code is not right. Check the newest email from Gatehouse and try again.')).toBeVisible();
  await input.fill(`${code.slice(0, 3)} ${code.slice(3)}`);
  await input.press('Enter');
  await expect(page.getByRole('heading', { name: 'My account' })).toBeVisible();
  await expect(page.getByText('kim@example.com').first()).toBeVisible();
  await expect(page.getByText('This account has no password')).toBeVisible();
  const shown = await runGatehouse([...cli, 'users', 'show', '--email', 'kim@example.com', '--json']);
  expect(shown.json()).toMatchObject({ email: 'kim@example.com', hasPassword: false, emailVerifiedAt: expect.any(String) });
});

test('a phone added on the account page, proved by a texted code, then signs in by text', async ({ page }) => {
  const cli = ['--data-dir', app().dataDir, '--keychain', app().keychain];
  const set = await runGatehouse(
    [...cli, 'delivery', 'set-sms', '--base-url', sms.url, '--account-id', 'AC1', '--auth-token-stdin', '--from', '+15550001111', '--allowed-country-codes', '1'],
    { stdin: 'a token\n' },
  );
  expect(set.code, set.stderr).toBe(0);
  // Kim, signed in by the test before, adds a phone.
  await page.goto(app().url);
  await expect(page.getByRole('heading', { name: 'My account' })).toBeVisible();
  await page.getByRole('button', { name: 'Add a phone number' }).click();
  await page.getByRole('textbox', { name: 'Phone number' }).fill('+1 201 555 0123');
  await page.getByRole('button', { name: 'Send a code' }).click();
  await expect(page.getByText('We sent a code to +12015550123.')).toBeVisible();
  await page.getByLabel('Enter the 6-digit code from the text').fill(codeTextedTo(sms, '+12015550123'));
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByText('Your phone number is now (201) 555-0123.')).toBeVisible();
  await expect(page.getByText(/\(201\) 555-0123 · verified/)).toBeVisible();
  await expectAccessible(page, 'account with a verified phone');
  await page.screenshot({ path: 'test-results/contacts.png', fullPage: true });
  await page.getByRole('button', { name: 'Sign out' }).click();

  // The confirmation code went to this number moments ago: a minute on, a sign-in code may follow.
  await app().advanceClock(61_000);
  await page.getByRole('button', { name: 'Text me a code' }).click();
  await page.getByLabel('Phone number').fill('+1 201 555 0123');
  await page.getByRole('button', { name: 'Text me a code' }).click();
  await expect(page.getByRole('heading', { name: 'Check your phone' })).toBeVisible();
  await page.getByLabel('Enter the 6-digit code from the text').fill(codeTextedTo(sms, '+12015550123'));
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'My account' })).toBeVisible();
  await expect(page.getByText(/with a texted code\./)).toBeVisible();
});

test('a texted code as the second step, when the policy allows it, after an emailed code', async ({ page }) => {
  const cli = ['--data-dir', app().dataDir, '--keychain', app().keychain];
  // Kim adds an authenticator app (by the CLI); the administrator allows texts as a second step.
  const added = await runGatehouse([...cli, 'totp', 'add', '--email', 'kim@example.com', '--name', 'phone app', '--json']);
  const { secret } = added.json() as { secret: string };
  const confirmed = await runGatehouse([...cli, 'totp', 'confirm', '--email', 'kim@example.com', '--name', 'phone app', '--code', await totpCodeAt(secret, Date.now())]);
  expect(confirmed.code, confirmed.stderr).toBe(0);
  expect((await runGatehouse([...cli, 'policy', 'set', '--sms-second-factor', 'on'])).code).toBe(0);

  await page.goto(app().url);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await app().advanceClock(61_000);
  await page.getByLabel('Email address').fill('kim@example.com');
  await page.getByRole('button', { name: 'Email me a code' }).click();
  await page.getByRole('button', { name: 'Email me a code' }).click();
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible(); // the new code has been sent
  await page.getByLabel('Enter the 6-digit code from the email').fill(codeSentTo(smtp, 'kim@example.com'));
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('button', { name: 'Text a code to my phone' }).click();
  await expect(page.getByText('We texted a code to a number ending in 0123.')).toBeVisible();
  await expect(page.getByText('+12015550123')).toHaveCount(0);
  await expectAccessible(page, 'second step by text');
  await page.getByLabel('Enter the 6-digit code from the text').fill(codeTextedTo(sms, '+12015550123'));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('heading', { name: 'My account' })).toBeVisible();
  await expect(page.getByText(/with an emailed code and a texted code \(two-step verification\)/)).toBeVisible();
});
