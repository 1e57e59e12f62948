// Signing in with a code sent by email, end to end in main: a real SMTP server (smtp-server) on
// 127.0.0.1 receives what nodemailer sends, and the test reads the code from the message as a
// person would. The clock is fake (expiry, waits, hourly limits); the store and keychain are real.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { totpCodeAt } from '../../src/main/core/factors/totp/totp.js';
import { CLI_ACTOR, copyCoreFixture, createCoreFixture, type CoreFixture } from '../support/core.js';
import { codeSentTo, startSmtpServer, type RunningSmtp } from '../support/smtp-server.js';

const ANONYMOUS = { kind: 'anonymous' } as const;
let smtp: RunningSmtp;
let template: CoreFixture;
let f: CoreFixture;

beforeAll(async () => {
  smtp = await startSmtpServer();
  template = await createCoreFixture();
  await template.core.accounts.create({ email: 'admin@example.com', password: 'the administrator passphrase' }, CLI_ACTOR);
  await template.core.accounts.create({ email: 'bo@example.com' }, CLI_ACTOR); // no password: codes are Bo's way in
  template.core.delivery.setSmtp({ host: '127.0.0.1', port: smtp.port, tls: 'none-loopback-only', from: 'gatehouse@example.com' }, CLI_ACTOR);
});
afterAll(async () => {
  await smtp.stop();
  await template.cleanup();
});
beforeEach(async () => {
  f = await copyCoreFixture(template);
  smtp.received.length = 0;
  smtp.refuseRecipients(false);
});
afterEach(() => f.cleanup());

const request = (email: string) => f.core.signIn.requestCode('email', email, ANONYMOUS);
const verify = (flowId: string, code: string) => f.core.signIn.verifyCode(flowId, code, ANONYMOUS);
/** A code that is not the one sent (the sent one plus one, six digits). */
const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('a code by email', () => {
  it('arrives, says what it is for and when it expires, and signs in (amr otp); the email is then verified', async () => {
    const sent = await request('Bo@Example.com');
    expect(sent).toEqual({ flowId: expect.any(String), channel: 'email', sentTo: 'bo@example.com', resendAfterMs: 60_000, expiresInMs: 5 * 60_000 });
    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail).toMatchObject({ to: ['bo@example.com'], subject: expect.stringMatching(/^\d{6} is your Gatehouse sign-in code$/) });
    expect(mail!.text).toContain('It works once, for the next 5 minutes.');
    expect(mail!.text).toContain('If you did not ask to sign in to Gatehouse, you can ignore this email');
    const code = codeSentTo(smtp, 'bo@example.com');
    // Pasted with a space in the middle: forgiven.
    expect(await verify(sent.flowId, `${code.slice(0, 3)} ${code.slice(3)}`)).toMatchObject({ kind: 'success', session: { email: 'bo@example.com', amr: ['otp'] } });
    expect(f.store.users.findByEmail('bo@example.com')!.emailVerifiedAt).toBe(f.clock.now());
    // Once: the flow and the code are used up.
    await expect(verify(sent.flowId, code)).rejects.toMatchObject({ code: 'flow_expired' });
    expect(f.core.audit.trail({ action: 'code.send' })).toMatchObject([{ email: 'bo@example.com', outcome: 'success' }]);
  });

  it('says a disabled account is disabled only to whoever has the right code', async () => {
    f.core.accounts.disable('bo@example.com', CLI_ACTOR);
    const sent = await request('bo@example.com');
    expect(await verify(sent.flowId, wrong(codeSentTo(smtp, 'bo@example.com')))).toEqual({ kind: 'failed' });
    expect(await verify(sent.flowId, codeSentTo(smtp, 'bo@example.com'))).toEqual({ kind: 'disabled' });
    expect(f.core.audit.trail({ action: 'sign_in', outcome: 'disabled' })).toMatchObject([{ email: 'bo@example.com', method: 'email_code' }]);
  });

  it('is kept only as a salted hash', async () => {
    await request('bo@example.com');
    const code = codeSentTo(smtp, 'bo@example.com');
    const stored = JSON.stringify(await f.snapshot());
    expect(stored).not.toContain(code);
    expect(f.store.oneTimeCodes.find('email:bo@example.com')).toMatchObject({ hash: expect.any(String), salt: expect.any(String), attempts: 0 });
  });

  it('registers an address with no account, without a password, when codes may register (the default)', async () => {
    const sent = await request('new@example.com');
    expect(await verify(sent.flowId, codeSentTo(smtp, 'new@example.com'))).toMatchObject({ kind: 'success', session: { email: 'new@example.com', isAdmin: false, amr: ['otp'] } });
    expect(f.core.accounts.show('new@example.com')).toMatchObject({ hasPassword: false, isAdmin: false });
    expect(f.store.users.findByEmail('new@example.com')!.emailVerifiedAt).toBe(f.clock.now());
  });

  it('answers an unknown address exactly as a known one when codes may not register: no message, no account', async () => {
    f.core.policy.update({ otpAutoRegister: false }, CLI_ACTOR);
    const known = await request('bo@example.com');
    const unknown = await request('nobody@example.com');
    expect(Object.keys(unknown)).toEqual(Object.keys(known));
    expect({ ...unknown, flowId: '', sentTo: '' }).toEqual({ ...known, flowId: '', sentTo: '' });
    expect(smtp.received.map((m) => m.to)).toEqual([['bo@example.com']]);
    // The same limits apply: a second ask within the minute is refused for both.
    await expect(request('nobody@example.com')).rejects.toMatchObject({ code: 'rate_limited' });
    // Every guess fails, and no account appears.
    expect(await verify(unknown.flowId, '123456')).toEqual({ kind: 'failed' });
    expect(() => f.core.accounts.show('nobody@example.com')).toThrow();
  });

  it('expires after its lifetime (a policy setting, at most 10 minutes)', async () => {
    const sent = await request('bo@example.com');
    const code = codeSentTo(smtp, 'bo@example.com');
    f.clock.advance(5 * 60_000);
    await expect(verify(sent.flowId, code)).rejects.toMatchObject({ code: 'code_expired', message: 'This code has expired. Send a new one.' });
    expect(() => f.core.policy.update({ otpLifetimeMinutes: 11 }, CLI_ACTOR)).toThrow('The code lifetime can be at most 10.');
    f.core.policy.update({ otpLifetimeMinutes: 10 }, CLI_ACTOR);
    f.clock.advance(60_000);
    const longer = await request('bo@example.com');
    expect(longer.expiresInMs).toBe(10 * 60_000);
    f.clock.advance(10 * 60_000 - 1);
    expect(await verify(longer.flowId, codeSentTo(smtp, 'bo@example.com'))).toMatchObject({ kind: 'success' });
  });

  it('dies at the fifth wrong guess; the guesses count against the address like password guesses', async () => {
    const sent = await request('bo@example.com');
    const code = codeSentTo(smtp, 'bo@example.com');
    for (let i = 0; i < 4; i++) expect(await verify(sent.flowId, wrong(code))).toEqual({ kind: 'failed' });
    await expect(verify(sent.flowId, wrong(code))).rejects.toMatchObject({ code: 'code_expired', message: 'Too many wrong codes: this one no longer works. Send a new one.' });
    // The right code is dead too; and five failures in the window block the address, as for passwords.
    expect(await verify(sent.flowId, code)).toMatchObject({ kind: 'locked' });
    expect(await f.core.signIn.password('bo@example.com', 'anything at all')).toMatchObject({ kind: 'locked' });
    // Another address is not held back.
    expect(await f.core.signIn.password('admin@example.com', 'the administrator passphrase')).toMatchObject({ kind: 'success' });
  });

  it('waits 60 seconds between sends, and a new code replaces the old', async () => {
    const sent = await request('bo@example.com');
    const first = codeSentTo(smtp, 'bo@example.com');
    f.clock.advance(59_000);
    await expect(f.core.signIn.resendCode(sent.flowId, ANONYMOUS)).rejects.toMatchObject({
      code: 'rate_limited',
      message: 'A code was sent moments ago. You can ask for a new one in 1 seconds.',
    });
    f.clock.advance(1_000);
    expect(await f.core.signIn.resendCode(sent.flowId, ANONYMOUS)).toMatchObject({ flowId: sent.flowId });
    const second = codeSentTo(smtp, 'bo@example.com');
    if (second !== first) expect(await verify(sent.flowId, first)).toEqual({ kind: 'failed' });
    expect(await verify(sent.flowId, second)).toMatchObject({ kind: 'success' });
  });

  it('sends at most 5 codes an hour to one address', async () => {
    for (let i = 0; i < 5; i++) {
      await request('bo@example.com');
      f.clock.advance(60_000);
    }
    await expect(request('bo@example.com')).rejects.toMatchObject({
      code: 'rate_limited',
      message: 'Too many codes were sent to this address. Try again in 55 minutes, or sign in another way.',
    });
    expect(smtp.received).toHaveLength(5);
    // Another address is not held back.
    await request('new@example.com');
    f.clock.advance(55 * 60_000);
    await request('bo@example.com');
    expect(smtp.received).toHaveLength(7);
  });

  it('works only for the address it was sent to', async () => {
    const bo = await request('bo@example.com');
    const other = await request('new@example.com');
    expect(await verify(other.flowId, codeSentTo(smtp, 'bo@example.com'))).toEqual({ kind: 'failed' });
    expect(await verify(bo.flowId, codeSentTo(smtp, 'bo@example.com'))).toMatchObject({ kind: 'success', session: { email: 'bo@example.com' } });
  });

  it('says "could not send the code" when the SMTP server is down or refuses, with the reason in the audit trail', async () => {
    smtp.refuseRecipients(true);
    await expect(request('bo@example.com')).rejects.toMatchObject({
      code: 'delivery_failed',
      message: 'Gatehouse could not send the code. Try again in a few minutes, or sign in another way.',
    });
    expect(f.core.audit.trail({ action: 'code.send', outcome: 'failed' })).toMatchObject([{ detail: expect.stringContaining('refused the message (550 mailbox unavailable') }]);
    f.core.delivery.setSmtp({ host: '127.0.0.1', port: 1, tls: 'none-loopback-only', from: 'gatehouse@example.com' }, CLI_ACTOR);
    f.clock.advance(60_000);
    await expect(request('bo@example.com')).rejects.toMatchObject({ code: 'delivery_failed' });
    expect(f.core.audit.trail({ action: 'code.send', outcome: 'failed' }).map((e) => e.detail)).toEqual(
      expect.arrayContaining(['the SMTP server refused the message (550 mailbox unavailable)', 'nothing answers at the SMTP server']),
    );
  });

  it('requires TLS unless told plainly that the server is a test server on this machine', async () => {
    f.core.delivery.setSmtp({ host: '127.0.0.1', port: smtp.port, from: 'gatehouse@example.com' }, CLI_ACTOR); // STARTTLS by default
    await expect(request('bo@example.com')).rejects.toMatchObject({ code: 'delivery_failed' });
    expect(f.core.audit.trail({ action: 'code.send', outcome: 'failed' })).toMatchObject([{ detail: 'the SMTP server offers no TLS, which these settings require' }]);
    expect(smtp.received).toEqual([]);
    expect(() => f.core.delivery.setSmtp({ host: 'smtp.example.com', port: 25, tls: 'none-loopback-only', from: 'gatehouse@example.com' }, CLI_ACTOR)).toThrow(
      /plain text is allowed only to a test server on this computer/,
    );
    expect(f.core.delivery.view().email).toMatchObject({ tls: 'starttls', hasPassword: false });
  });
});

describe('what an attacker can tell apart', () => {
  it('a block answers alike for an address with an account and one without', async () => {
    f.core.policy.update({ otpAutoRegister: false }, CLI_ACTOR);
    for (const email of ['bo@example.com', 'nobody@example.com']) {
      for (let i = 0; i < 5; i++) await f.core.signIn.password(email, 'not the password');
      const sent = await request(email);
      expect(await verify(sent.flowId, '000000')).toMatchObject({ kind: 'locked' });
    }
  });

  it('refuses an address that a mail library would read as another address or a list', async () => {
    for (const trick of ['x,victim@corp.com', '1;victim@corp.com', 'victim<attacker@evil.com>', '"a b"@example.com', 'a@[127.0.0.1]']) {
      await expect(request(trick)).rejects.toMatchObject({ code: 'invalid_input' });
    }
    expect(smtp.received).toEqual([]);
  });

  it('fails alike for an address with no account while sending fails', async () => {
    f.core.policy.update({ otpAutoRegister: false }, CLI_ACTOR);
    smtp.refuseRecipients(true);
    await expect(request('bo@example.com')).rejects.toMatchObject({ code: 'delivery_failed' });
    await expect(request('nobody@example.com')).rejects.toMatchObject({ code: 'delivery_failed' });
    // Neither keeps a code: nobody received one.
    expect(f.store.oneTimeCodes.find('email:bo@example.com')).toBeUndefined();
    expect(f.store.oneTimeCodes.find('email:nobody@example.com')).toBeUndefined();
    smtp.refuseRecipients(false);
    f.clock.advance(60_000);
    await request('bo@example.com');
    await request('nobody2@example.com'); // the last send worked: answered as sent
  });
});

describe('the combined journey: registered by a code, an authenticator app added, a recovery code kept', () => {
  it('signs in with code + authenticator, and with a recovery code when the phone is lost', async () => {
    const first = await request('kim@example.com');
    expect(await verify(first.flowId, codeSentTo(smtp, 'kim@example.com'))).toMatchObject({ kind: 'success' });
    const id = f.core.accounts.show('kim@example.com').id;
    const { secret } = f.core.selfService.beginTotp(id, 'phone', CLI_ACTOR);
    const { recoveryCodes } = await f.core.selfService.confirmTotp(id, 'phone', await totpCodeAt(secret, f.clock.now()), CLI_ACTOR);
    expect(recoveryCodes).toHaveLength(10);

    f.clock.advance(60_000);
    const again = await request('kim@example.com');
    const step = await verify(again.flowId, codeSentTo(smtp, 'kim@example.com'));
    expect(step).toMatchObject({ kind: 'second_factor_required', methods: ['totp', 'recovery_code'] });
    const flowId = (step as { flowId: string }).flowId;
    expect(await f.core.signIn.secondFactor(flowId, { kind: 'totp', code: await totpCodeAt(secret, f.clock.now()) }, ANONYMOUS)).toMatchObject({
      kind: 'success',
      session: { amr: ['otp', 'mfa'] },
    });

    f.clock.advance(60_000);
    const lost = await verify((await request('kim@example.com')).flowId, codeSentTo(smtp, 'kim@example.com'));
    expect(await f.core.signIn.secondFactor((lost as { flowId: string }).flowId, { kind: 'recovery_code', code: recoveryCodes![0]! }, ANONYMOUS)).toMatchObject({
      kind: 'success',
      recoveryCodesLeft: 9,
    });
  });
});

describe('delivery settings', () => {
  it('refuses codes when email is not set up, and text providers off https or with credentials in the URL', async () => {
    const bare = await createCoreFixture();
    try {
      await bare.core.accounts.create({ email: 'admin@example.com', password: 'the administrator passphrase' }, CLI_ACTOR);
      expect(bare.core.signIn.codeChannels()).toEqual({ email: false, sms: false });
      await expect(bare.core.signIn.requestCode('email', 'bo@example.com', ANONYMOUS)).rejects.toMatchObject({
        code: 'invalid_input',
        message: 'Codes by email are not set up on this computer. Ask an administrator, or sign in another way.',
      });
    } finally {
      await bare.cleanup();
    }
    const sms = { accountId: 'AC1', authToken: 'token', from: '+15550001111' };
    expect(() => f.core.delivery.setSms({ ...sms, baseUrl: 'http://sms.example.com' }, CLI_ACTOR)).toThrow(/must be https/);
    expect(() => f.core.delivery.setSms({ ...sms, baseUrl: 'https://user:pass@sms.example.com' }, CLI_ACTOR)).toThrow(/cannot carry a user name/);
    expect(() => f.core.delivery.setSms({ ...sms, baseUrl: 'https://sms.example.com', from: '5550001111' }, CLI_ACTOR)).toThrow(/international form/);
    expect(f.core.delivery.view().sms).toBeNull();
    // The SMTP password is never shown, so settings saved again without one keep it for the same user.
    const smtpAt = { host: '127.0.0.1', port: smtp.port, tls: 'none-loopback-only' as const, from: 'gatehouse@example.com' };
    f.core.delivery.setSmtp({ ...smtpAt, user: 'mailer', password: 'secret' }, CLI_ACTOR);
    expect(f.core.delivery.setSmtp({ ...smtpAt, user: 'mailer' }, CLI_ACTOR).email).toMatchObject({ user: 'mailer', hasPassword: true });
    expect(f.core.delivery.setSmtp({ ...smtpAt, user: 'someone else' }, CLI_ACTOR).email).toMatchObject({ hasPassword: false });
    expect(f.core.delivery.setSmtp({ ...smtpAt, user: 'mailer', password: null }, CLI_ACTOR).email).toMatchObject({ hasPassword: false });
    await expect(f.core.delivery.test('+15550002222', CLI_ACTOR)).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('Texts are not set up') });
  });
});

describe('housekeeping', () => {
  it('forgets expired codes and sends no limit looks at any more', async () => {
    await request('bo@example.com');
    f.clock.advance(2 * 60 * 60_000);
    await f.core.prepare(); // runs the hourly maintenance
    expect(f.store.oneTimeCodes.find('email:bo@example.com')).toBeUndefined();
    expect(f.store.deliveries.toAddressSince('email:bo@example.com', 0)).toEqual([]);
  });
});
