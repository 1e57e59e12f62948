// `gatehouse delivery` and the code settings of `gatehouse policy`: against a real SMTP server
// (smtp-server) and a loopback HTTP receiver in the shape of Twilio's Messages API.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { copyOfStore, runGatehouse, tempDataDir } from '../support/cli.js';
import { startSmtpServer, type RunningSmtp } from '../support/smtp-server.js';
import { startSmsReceiver, type RunningSmsReceiver } from '../support/sms-receiver.js';

const template = tempDataDir();
let dataDir = template;
const gh = (args: string[], stdin?: string) => runGatehouse(['--data-dir', dataDir, '--keychain', 'file', ...args], { stdin });
let smtp: RunningSmtp;
let receiver: RunningSmsReceiver;
let receiverUrl: string;

beforeAll(async () => {
  smtp = await startSmtpServer();
  receiver = await startSmsReceiver();
  receiverUrl = receiver.url;
  expect((await gh(['init'])).code).toBe(0);
});
afterAll(async () => {
  await smtp.stop();
  await receiver.stop();
});
beforeEach(() => {
  dataDir = copyOfStore(template);
  smtp.received.length = 0;
  receiver.received.length = 0;
});

describe('gatehouse delivery', () => {
  it('sets the SMTP server (plain text only to this computer, loudly), never shows the password, and sends a test message', async () => {
    const remote = await gh(['delivery', 'set-smtp', '--host', 'smtp.example.com', '--port', '25', '--tls', 'none-loopback-only', '--from', 'gatehouse@example.com']);
    expect(remote.code).toBe(2);
    expect(remote.stderr).toMatch(/plain text is allowed only to a test server on this computer/);
    const set = await gh(
      [
        'delivery',
        'set-smtp',
        '--host',
        '127.0.0.1',
        '--port',
        String(smtp.port),
        '--tls',
        'none-loopback-only',
        '--user',
        'mailer',
        '--password-stdin',
        '--from',
        'gatehouse@example.com',
      ],
      'the smtp password\n',
    );
    expect(set.code, set.stderr).toBe(0);
    expect(set.stderr).toMatch(/without TLS.*For development only/);
    const shown = await gh(['delivery', 'show', '--json']);
    expect(shown.json()).toEqual({
      email: { host: '127.0.0.1', port: smtp.port, tls: 'none-loopback-only', user: 'mailer', hasPassword: true, password: 'set (never shown)', from: 'gatehouse@example.com' },
      sms: null,
    });
    expect(shown.stdout).not.toContain('the smtp password');
    // A server that refuses: the send fails, and says why, in one line.
    smtp.refuseRecipients(true);
    const failed = await gh(['delivery', 'test', '--to', 'ada@example.com']);
    smtp.refuseRecipients(false);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/The test message could not be sent: the SMTP server refused the message \(550 mailbox unavailable\)/);
    expect(failed.stderr).not.toMatch(/\n\s+at /);
    const sent = await gh(['delivery', 'test', '--to', 'ada@example.com']);
    expect(sent.stdout).toBe('A test email was sent to ada@example.com.\n');
    expect(smtp.received).toMatchObject([{ to: ['ada@example.com'], subject: 'Gatehouse test message' }]);
  });

  it('texts only to allowed country codes, within the hourly cap, with the token never shown', async () => {
    const noToken = await gh(['delivery', 'set-sms', '--base-url', receiverUrl, '--account-id', 'AC123', '--from', '+15550001111']);
    expect(noToken.code).toBe(2);
    const set = await gh(['delivery', 'set-sms', '--base-url', receiverUrl, '--account-id', 'AC123', '--auth-token-stdin', '--from', '+15550001111'], 'the auth token\n');
    expect(set.stdout).toMatch(/no country is allowed yet/);
    const refused = await gh(['delivery', 'test', '--to', '+442079460000']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Texts to \+44 numbers are not allowed here/);
    expect(receiver.received).toEqual([]);

    await gh(
      ['delivery', 'set-sms', '--base-url', receiverUrl, '--account-id', 'AC123', '--auth-token-stdin', '--from', '+15550001111', '--allowed-country-codes', '44,1'],
      'the auth token\n',
    );
    expect((await gh(['delivery', 'show'])).stdout).toMatch(/to \+44 \+1/);
    expect((await gh(['delivery', 'show', '--json'])).stdout).not.toContain('the auth token');
    const sent = await gh(['delivery', 'test', '--to', '+442079460000']);
    expect(sent.stdout).toBe('A test text was sent to +442079460000.\n');
    expect(receiver.received).toEqual([
      {
        path: '/2010-04-01/Accounts/AC123/Messages.json',
        authorization: `Basic ${Buffer.from('AC123:the auth token').toString('base64')}`,
        to: '+442079460000',
        from: '+15550001111',
        body: 'This is a test message from Gatehouse: texts are set up.',
      },
    ]);

    expect((await gh(['policy', 'set', '--sms-hourly-cap', '1'])).code).toBe(0);
    const capped = await gh(['delivery', 'test', '--to', '+15550002222']);
    expect(capped.code).toBe(1);
    expect(capped.stderr).toMatch(/as many texts as it may this hour/);
    expect(receiver.received).toHaveLength(1);
    const trail = (await gh(['audit', '--action', 'code.send', '--json'])).stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { outcome: string; detail: string });
    expect(trail.map((e) => [e.outcome, e.detail])).toEqual([
      ['refused', 'test message: country calling code +44 is not allowed'],
      ['success', 'test message'],
      ['refused', 'test message: the hourly cap of 1 texts is reached'],
    ]);
  });

  it('adds an account with a phone, kept in E.164 and shown unverified; refuses a number that is not one', async () => {
    expect((await gh(['users', 'add', '--email', 'ada@example.com', '--password-stdin'], 'ada has a long passphrase\n')).code).toBe(0);
    expect((await gh(['users', 'add', '--email', 'bo@example.com', '--no-password', '--phone', '+44 20 7946 0000'])).code).toBe(0);
    expect((await gh(['users', 'show', '--email', 'bo@example.com', '--json'])).json()).toMatchObject({ phone: '+442079460000', phoneVerifiedAt: null });
    expect((await gh(['users', 'show', '--email', 'bo@example.com'])).stdout).toMatch(/Phone: +\+442079460000 \(not verified\)/);
    const wrong = await gh(['users', 'add', '--email', 'cy@example.com', '--no-password', '--phone', '12345']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/"12345" is not a phone number\. Write it in international form/);
  });

  it('sets the code policy: lifetime at most 10 minutes, registration by code on or off', async () => {
    expect((await gh(['policy', 'set', '--otp-lifetime-minutes', '11'])).code).toBe(2);
    expect((await gh(['policy', 'set', '--otp-lifetime-minutes', '10', '--otp-auto-register', 'off', '--sms-second-factor', 'off'])).code).toBe(0);
    expect((await gh(['policy', 'show', '--json'])).json()).toMatchObject({ otpLifetimeMinutes: 10, otpAutoRegister: false, smsSecondFactor: false, smsHourlyCap: 20 });
    expect((await gh(['policy', 'show'])).stdout).toMatch(/valid 10 min; known addresses only/);
  });
});
