// An account's email and phone, changed only by proving the new one: codes go to a real SMTP
// server and a loopback SMS receiver, and are read from there.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CLI_ACTOR, copyCoreFixture, createCoreFixture, type CoreFixture } from '../support/core.js';
import { codeSentTo, startSmtpServer, type RunningSmtp } from '../support/smtp-server.js';
import { codeTextedTo, startSmsReceiver, type RunningSmsReceiver } from '../support/sms-receiver.js';

const ANONYMOUS = { kind: 'anonymous' } as const;
let smtp: RunningSmtp;
let sms: RunningSmsReceiver;
let template: CoreFixture;
let f: CoreFixture;
let bo: string;

beforeAll(async () => {
  smtp = await startSmtpServer();
  sms = await startSmsReceiver();
  template = await createCoreFixture();
  await template.core.accounts.create({ email: 'admin@example.com', password: 'the administrator passphrase' }, CLI_ACTOR);
  await template.core.accounts.create({ email: 'bo@example.com', password: 'bo has a long passphrase' }, CLI_ACTOR);
  template.core.delivery.setSmtp({ host: '127.0.0.1', port: smtp.port, tls: 'none-loopback-only', from: 'gatehouse@example.com' }, CLI_ACTOR);
  template.core.delivery.setSms({ baseUrl: sms.url, accountId: 'AC1', authToken: 'token', from: '+15550001111', allowedCountryCodes: [1, 44] }, CLI_ACTOR);
});
afterAll(async () => {
  await smtp.stop();
  await sms.stop();
  await template.cleanup();
});
beforeEach(async () => {
  f = await copyCoreFixture(template);
  bo = f.core.accounts.show('bo@example.com').id;
  smtp.received.length = 0;
  sms.received.length = 0;
});
afterEach(() => f.cleanup());

const BO_ACTOR = () => ({ kind: 'user' as const, id: bo, email: 'bo@example.com' });

describe('a new email address', () => {
  it('is confirmed by a code sent to it, becomes the account’s, verified, and the old address is told', async () => {
    const sent = await f.core.selfService.beginContactChange(bo, 'email', 'Bo.New@Example.com', BO_ACTOR());
    expect(sent).toMatchObject({ channel: 'email', sentTo: 'bo.new@example.com' });
    expect(smtp.received.at(-1)).toMatchObject({ to: ['bo.new@example.com'], subject: expect.stringMatching(/^\d{6} is your Gatehouse confirmation code$/) });
    expect(smtp.received.at(-1)!.text).toContain('If you did not ask to add this address to a Gatehouse account');
    const code = codeSentTo(smtp, 'bo.new@example.com');
    expect(await f.core.selfService.confirmContactChange(bo, sent.flowId, '000000' === code ? '111111' : '000000', BO_ACTOR())).toEqual({ kind: 'failed' });
    expect(await f.core.selfService.confirmContactChange(bo, sent.flowId, code, BO_ACTOR())).toMatchObject({
      kind: 'changed',
      account: { email: 'bo.new@example.com', emailVerifiedAt: f.clock.now() },
    });
    expect(smtp.received.at(-1)).toMatchObject({ to: ['bo@example.com'], subject: 'Your Gatehouse account was changed' });
    expect(smtp.received.at(-1)!.text).toContain('Your Gatehouse account was changed from bo@example.com to bo.new@example.com.');
    expect(await f.core.signIn.password('bo.new@example.com', 'bo has a long passphrase')).toMatchObject({ kind: 'success' });
    expect(await f.core.signIn.password('bo@example.com', 'bo has a long passphrase')).toEqual({ kind: 'failed' });
    expect(f.core.audit.trail({ action: 'contact.change', outcome: 'success' })).toMatchObject([{ detail: 'bo@example.com → bo.new@example.com' }]);
  });

  it('says another account has the address only to whoever received the code', async () => {
    // Asking tells nothing: a code goes to the address, as for any other.
    const sent = await f.core.selfService.beginContactChange(bo, 'email', 'admin@example.com', BO_ACTOR());
    expect(smtp.received.at(-1)).toMatchObject({ to: ['admin@example.com'] });
    await expect(f.core.selfService.confirmContactChange(bo, sent.flowId, codeSentTo(smtp, 'admin@example.com'), BO_ACTOR())).rejects.toMatchObject({
      code: 'conflict',
      message: 'This email address cannot be added to your account.',
    });
    expect(f.core.accounts.show('bo@example.com').email).toBe('bo@example.com');
  });

  it('refuses the current address, and a flow that is not the account’s', async () => {
    await expect(f.core.selfService.beginContactChange(bo, 'email', 'bo@example.com', BO_ACTOR())).rejects.toThrow('That is already your email address.');
    const sent = await f.core.selfService.beginContactChange(bo, 'email', 'new@example.com', BO_ACTOR());
    const admin = f.core.accounts.show('admin@example.com').id;
    await expect(f.core.selfService.confirmContactChange(admin, sent.flowId, codeSentTo(smtp, 'new@example.com'), CLI_ACTOR)).rejects.toMatchObject({ code: 'flow_expired' });
    expect(f.core.accounts.show('admin@example.com').email).toBe('admin@example.com');
    expect(smtp.received).toHaveLength(1);
  });

  it('counts wrong codes against the account, and the fifth ends the code', async () => {
    const sent = await f.core.selfService.beginContactChange(bo, 'email', 'new@example.com', BO_ACTOR());
    const code = codeSentTo(smtp, 'new@example.com');
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    for (let i = 0; i < 4; i++) expect(await f.core.selfService.confirmContactChange(bo, sent.flowId, wrong, BO_ACTOR())).toEqual({ kind: 'failed' });
    await expect(f.core.selfService.confirmContactChange(bo, sent.flowId, wrong, BO_ACTOR())).rejects.toMatchObject({ code: 'code_expired' });
    expect(await f.core.selfService.confirmContactChange(bo, sent.flowId, code, BO_ACTOR())).toMatchObject({ kind: 'locked' });
    expect(f.core.accounts.show('bo@example.com').email).toBe('bo@example.com');
  });
});

describe('a phone number', () => {
  it('is added by a code texted to it, then signs in by text; and can be removed', async () => {
    const sent = await f.core.selfService.beginContactChange(bo, 'sms', '+44 20 7946 0000', BO_ACTOR());
    expect(sms.received.at(-1)).toMatchObject({ to: '+442079460000', body: expect.stringMatching(/^\d{6} is your Gatehouse confirmation code\./) });
    expect(await f.core.selfService.confirmContactChange(bo, sent.flowId, codeTextedTo(sms, '+442079460000'), BO_ACTOR())).toMatchObject({
      kind: 'changed',
      account: { phone: '+442079460000', phoneDisplay: '020 7946 0000', phoneVerifiedAt: f.clock.now() },
    });
    // The account's email hears of the new phone.
    expect(smtp.received.at(-1)).toMatchObject({ to: ['bo@example.com'], subject: 'Your Gatehouse account was changed' });
    expect(smtp.received.at(-1)!.text).toContain('Your Gatehouse account was given the phone number +442079460000.');
    f.clock.advance(60_000);
    const signIn = await f.core.signIn.requestCode('sms', '+442079460000', ANONYMOUS);
    expect(await f.core.signIn.verifyCode(signIn.flowId, codeTextedTo(sms, '+442079460000'), ANONYMOUS)).toMatchObject({
      kind: 'success',
      session: { email: 'bo@example.com', amr: ['sms'] },
    });
    expect(f.core.selfService.removePhone(bo, BO_ACTOR())).toMatchObject({ phone: null, phoneVerifiedAt: null });
    expect(() => f.core.selfService.removePhone(bo, BO_ACTOR())).toThrow('This account has no phone number.');
  });

  it('is refused for a country not allowed, before any text is sent', async () => {
    await expect(f.core.selfService.beginContactChange(bo, 'sms', '+49 1511 2345678', BO_ACTOR())).rejects.toMatchObject({ code: 'forbidden' });
    expect(sms.received).toEqual([]);
  });
});
