// Signing in with a texted code, end to end in main: the SMS adapter posts to a loopback
// receiver in the shape of Twilio's Messages API, and the test reads the code from the text.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CLI_ACTOR, copyCoreFixture, createCoreFixture, type CoreFixture } from '../support/core.js';
import { codeTextedTo, startSmsReceiver, type RunningSmsReceiver } from '../support/sms-receiver.js';

const ANONYMOUS = { kind: 'anonymous' } as const;
const BO = '+12015550123';
let sms: RunningSmsReceiver;
let template: CoreFixture;
let f: CoreFixture;

beforeAll(async () => {
  sms = await startSmsReceiver();
  template = await createCoreFixture();
  await template.core.accounts.create({ email: 'admin@example.com', password: 'the administrator passphrase' }, CLI_ACTOR);
  await template.core.accounts.create({ email: 'bo@example.com', phone: '+1 (201) 555-0123' }, CLI_ACTOR);
  template.core.delivery.setSms({ baseUrl: sms.url, accountId: 'AC1', authToken: 'token', from: '+15550001111', allowedCountryCodes: [1] }, CLI_ACTOR);
});
afterAll(async () => {
  await sms.stop();
  await template.cleanup();
});
beforeEach(async () => {
  f = await copyCoreFixture(template);
  sms.received.length = 0;
  sms.refuseWith(null);
});
afterEach(() => f.cleanup());

const request = (to: string) => f.core.signIn.requestCode('sms', to, ANONYMOUS);
const verify = (flowId: string, code: string) => f.core.signIn.verifyCode(flowId, code, ANONYMOUS);

describe('a code by text', () => {
  it('arrives first in the text, signs in with amr sms, and verifies the phone', async () => {
    expect(f.core.accounts.show('bo@example.com')).toMatchObject({ phone: BO, phoneDisplay: '(201) 555-0123', phoneVerifiedAt: null });
    const sent = await request('+1 201 555 0123');
    expect(sent).toMatchObject({ channel: 'sms', sentTo: BO, resendAfterMs: 60_000 });
    expect(sms.received).toEqual([
      expect.objectContaining({
        to: BO,
        from: '+15550001111',
        body: expect.stringMatching(/^\d{6} is your Gatehouse sign-in code\. It expires in 5 minutes\. If you did not ask for it, ignore this text\.$/),
      }),
    ]);
    expect(await verify(sent.flowId, codeTextedTo(sms, BO))).toMatchObject({ kind: 'success', session: { email: 'bo@example.com', amr: ['sms'] } });
    expect(f.core.accounts.show('bo@example.com').phoneVerifiedAt).toBe(f.clock.now());
  });

  it('answers a number with no account as one with: no text, no account (a number never registers)', async () => {
    const known = await request(BO);
    const unknown = await request('+12015550199');
    expect({ ...unknown, flowId: '', sentTo: '' }).toEqual({ ...known, flowId: '', sentTo: '' });
    expect(sms.received.map((t) => t.to)).toEqual([BO]);
    expect(await verify(unknown.flowId, '123456')).toEqual({ kind: 'failed' });
  });

  it('refuses a country calling code not on the list, before anything is sent, and an invalid number', async () => {
    await expect(request('+442079460000')).rejects.toMatchObject({ code: 'forbidden', message: 'Texts to +44 numbers are not allowed here. Ask an administrator.' });
    await expect(request('+1 555 000 1111')).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('is not a phone number') });
    expect(sms.received).toEqual([]);
  });

  it('stops at the hourly cap for all texts together', async () => {
    f.core.policy.update({ smsHourlyCap: 2 }, CLI_ACTOR);
    await request(BO);
    await request('+12015550199');
    await expect(request('+12015550188')).rejects.toMatchObject({ code: 'rate_limited', message: expect.stringContaining('as many texts as it may this hour') });
    expect(sms.received).toHaveLength(1); // the number with no account was counted, and sent nothing
    f.clock.advance(60 * 60_000 + 1);
    await request('+12015550188');
  });

  it('sends at most 5 codes an hour to one number', async () => {
    for (let i = 0; i < 5; i++) {
      await request(BO);
      f.clock.advance(60_000);
    }
    await expect(request(BO)).rejects.toMatchObject({ code: 'rate_limited', message: 'Too many codes were sent to this number. Try again in 55 minutes, or sign in another way.' });
    expect(sms.received).toHaveLength(5);
  });

  it('says "could not send the code" when the provider refuses, with its reason in the audit trail', async () => {
    sms.refuseWith(400);
    await expect(request(BO)).rejects.toMatchObject({ code: 'delivery_failed' });
    expect(f.core.audit.trail({ action: 'code.send', outcome: 'failed' })).toMatchObject([{ detail: 'the SMS provider refused the text (HTTP 400: Invalid To number)' }]);
  });

  it('keeps one account per number', async () => {
    await expect(f.core.accounts.create({ email: 'other@example.com', phone: BO }, CLI_ACTOR)).rejects.toMatchObject({ code: 'conflict' });
    await expect(f.core.accounts.create({ email: 'other@example.com', phone: 'not a number' }, CLI_ACTOR)).rejects.toMatchObject({ code: 'invalid_input' });
  });
});

describe('a texted code as a second step', () => {
  /** Bo with a password, an authenticator app and a verified phone. */
  async function twoStepBo() {
    const { totpCodeAt } = await import('../../src/main/core/factors/totp/totp.js');
    const id = f.core.accounts.show('bo@example.com').id;
    await f.core.selfService.setPassword(id, 'bo has a long passphrase', CLI_ACTOR);
    const { secret } = f.core.selfService.beginTotp(id, 'phone', CLI_ACTOR);
    await f.core.selfService.confirmTotp(id, 'phone', await totpCodeAt(secret, f.clock.now()), CLI_ACTOR);
    f.store.users.markPhoneVerified(id, f.clock.now());
  }
  const passwordStep = async () => (await f.core.signIn.password('bo@example.com', 'bo has a long passphrase')) as { kind: string; flowId: string; methods: string[] };

  it('is not offered, sent or accepted while the policy does not allow it (the default)', async () => {
    await twoStepBo();
    const step = await passwordStep();
    expect(step.methods).toEqual(['totp', 'recovery_code']);
    await expect(f.core.signIn.textSecondFactor(step.flowId, ANONYMOUS)).rejects.toMatchObject({ code: 'invalid_input' });
    expect(sms.received).toEqual([]);
    // A live code texted to the phone (for a texted sign-in) is still no second step while the policy is off.
    await request(BO);
    expect(await f.core.signIn.secondFactor(step.flowId, { kind: 'sms', code: codeTextedTo(sms, BO) }, ANONYMOUS)).toEqual({ kind: 'failed' });
  });

  it('is offered when allowed: texted to the verified phone (named by its last digits), and proves a second factor', async () => {
    await twoStepBo();
    f.core.policy.update({ smsSecondFactor: true }, CLI_ACTOR);
    const step = await passwordStep();
    expect(step.methods).toEqual(['totp', 'recovery_code', 'sms']);
    expect(await f.core.signIn.textSecondFactor(step.flowId, ANONYMOUS)).toMatchObject({ sentTo: 'a number ending in 0123', channel: 'sms' });
    const code = codeTextedTo(sms, BO);
    expect(await f.core.signIn.secondFactor(step.flowId, { kind: 'sms', code: '000000' === code ? '111111' : '000000' }, ANONYMOUS)).toEqual({ kind: 'failed' });
    expect(await f.core.signIn.secondFactor(step.flowId, { kind: 'sms', code }, ANONYMOUS)).toMatchObject({ kind: 'success', session: { amr: ['pwd', 'sms', 'mfa'] } });
  });

  it('is never the second step after a texted first step: the same phone is not two factors', async () => {
    await twoStepBo();
    f.core.policy.update({ smsSecondFactor: true }, CLI_ACTOR);
    const sent = await request(BO);
    const step = (await verify(sent.flowId, codeTextedTo(sms, BO))) as { kind: string; flowId: string; methods: string[] };
    expect(step).toMatchObject({ kind: 'second_factor_required', methods: ['totp', 'recovery_code'] });
    await expect(f.core.signIn.textSecondFactor(step.flowId, ANONYMOUS)).rejects.toMatchObject({ code: 'invalid_input' });
    // A fresh, live code to the same phone is refused all the same, here and as a step-up of a texted session.
    f.clock.advance(60_000);
    await request(BO);
    const fresh = codeTextedTo(sms, BO);
    expect(await f.core.signIn.secondFactor(step.flowId, { kind: 'sms', code: fresh }, ANONYMOUS)).toEqual({ kind: 'failed' });
    const id = f.core.accounts.show('bo@example.com').id;
    expect(await f.core.selfService.stepUp(id, { kind: 'sms', code: fresh }, ANONYMOUS, ['sms'])).toEqual({ kind: 'failed' });
    expect(await f.core.selfService.stepUp(id, { kind: 'sms', code: fresh }, ANONYMOUS, ['pwd'])).toMatchObject({ kind: 'verified', amr: ['sms', 'mfa'] });
    // Once: the same code again proves nothing.
    expect(await f.core.selfService.stepUp(id, { kind: 'sms', code: fresh }, ANONYMOUS, ['pwd'])).toEqual({ kind: 'failed' });
  });
});
