import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI_ACTOR, createCoreFixture, TEST_KDF, type CoreFixture } from '../../../../test/support/core.js';
import { seededRandom } from '../../../../test/support/fakes.js';
import { createGatehouse } from '../gatehouse.js';
import { loadCommonPasswords } from '../passwords/blocklist.js';
import { totpCodeAt } from './totp/totp.js';

const MINUTE = 60_000;
const PASSWORD = 'correct horse battery';
let f: CoreFixture;
let userId: string;

beforeEach(async () => {
  f = await createCoreFixture();
  userId = (await f.core.accounts.create({ email: 'alice@example.com', password: PASSWORD }, CLI_ACTOR)).id;
});
afterEach(() => f.cleanup());

/** Enrols "phone" and returns its secret and the recovery codes it brought. */
async function enrolPhone() {
  const { secret } = f.core.selfService.beginTotp(userId, 'phone', CLI_ACTOR);
  const { recoveryCodes } = await f.core.selfService.confirmTotp(userId, 'phone', await totpCodeAt(secret, f.clock.now()), CLI_ACTOR);
  f.clock.advance(30_000); // the enrolment code's step is used; move to the next
  return { secret, recoveryCodes: recoveryCodes! };
}

async function passwordStep() {
  const outcome = await f.core.signIn.password('alice@example.com', PASSWORD);
  if (outcome.kind !== 'second_factor_required') throw new Error(`expected second_factor_required, got ${outcome.kind}`);
  return outcome;
}

describe('TOTP enrolment', () => {
  it('activates only after a correct code, and brings 10 recovery codes the first time only', async () => {
    const { secret } = f.core.selfService.beginTotp(userId, 'phone', CLI_ACTOR);
    expect(f.core.selfService.hasSecondFactor(userId)).toBe(false);
    await expect(f.core.selfService.confirmTotp(userId, 'phone', '000000', CLI_ACTOR)).rejects.toMatchObject({ code: 'invalid_input' });
    expect(f.core.selfService.hasSecondFactor(userId)).toBe(false);
    const first = await f.core.selfService.confirmTotp(userId, 'phone', await totpCodeAt(secret, f.clock.now()), CLI_ACTOR);
    expect(first.recoveryCodes).toHaveLength(10);
    const tablet = f.core.selfService.beginTotp(userId, 'tablet', CLI_ACTOR);
    const second = await f.core.selfService.confirmTotp(userId, 'tablet', await totpCodeAt(tablet.secret, f.clock.now()), CLI_ACTOR);
    expect(second.recoveryCodes).toBeUndefined();
    expect(f.core.selfService.secondFactors(userId)).toMatchObject({ authenticators: [{ name: 'phone' }, { name: 'tablet' }], recoveryCodesRemaining: 10 });
  });

  it('expires a pending enrolment after 10 minutes', async () => {
    const { secret } = f.core.selfService.beginTotp(userId, 'phone', CLI_ACTOR);
    f.clock.advance(10 * MINUTE);
    await expect(f.core.selfService.confirmTotp(userId, 'phone', await totpCodeAt(secret, f.clock.now()), CLI_ACTOR)).rejects.toMatchObject({ code: 'flow_expired' });
    await expect(f.core.selfService.confirmTotp(userId, 'phone', await totpCodeAt(secret, f.clock.now()), CLI_ACTOR)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses a second authenticator with the same name', async () => {
    await enrolPhone();
    expect(() => f.core.selfService.beginTotp(userId, 'phone', CLI_ACTOR)).toThrow(expect.objectContaining({ code: 'conflict' }));
  });

  it('throttles guesses at the confirming code: once blocked, even the right code is refused until the block ends', async () => {
    const { secret } = f.core.selfService.beginTotp(userId, 'phone', CLI_ACTOR);
    const wrong = (i: number) => f.core.selfService.confirmTotp(userId, 'phone', String(100_000 + i), CLI_ACTOR);
    for (let i = 0; i < 5; i++) await expect(wrong(i)).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/^That code is not right/) });
    expect(f.store.throttle.get('alice@example.com')).toMatchObject({ consecutiveFailures: 5, blockedUntil: f.clock.now() + 5 * MINUTE });
    const right = async () => f.core.selfService.confirmTotp(userId, 'phone', await totpCodeAt(secret, f.clock.now()), CLI_ACTOR);
    await expect(right()).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/^Too many wrong codes/) });
    expect(f.core.selfService.hasSecondFactor(userId)).toBe(false);
    expect(f.core.audit.trail({ action: 'totp.enrol_confirm' }).map((e) => [e.method, e.outcome, e.detail])).toEqual([
      ...Array(5).fill(['totp', 'failed', 'phone']),
      ['totp', 'locked', 'phone'],
    ]);
    f.clock.advance(5 * MINUTE);
    expect((await right()).recoveryCodes).toHaveLength(10);
    expect(f.core.selfService.hasSecondFactor(userId)).toBe(true);
  });

  it('keeps the key out of the account views', async () => {
    const { secret } = await enrolPhone();
    expect(JSON.stringify(f.core.selfService.secondFactors(userId))).not.toContain(secret);
    expect(JSON.stringify(f.core.accounts.show('alice@example.com'))).not.toContain(secret);
  });
});

describe('password + second factor', () => {
  it('asks for the second factor after the right password only', async () => {
    await enrolPhone();
    expect(await f.core.signIn.password('alice@example.com', 'wrong')).toEqual({ kind: 'failed' });
    expect(await passwordStep()).toMatchObject({ methods: ['totp', 'recovery_code'] });
  });

  it('completes with a TOTP code: amr pwd, otp, mfa', async () => {
    const { secret } = await enrolPhone();
    const step = await passwordStep();
    const outcome = await f.core.signIn.secondFactor(step.flowId, { kind: 'totp', code: await totpCodeAt(secret, f.clock.now()) }, CLI_ACTOR);
    expect(outcome).toMatchObject({ kind: 'success', session: { amr: ['pwd', 'otp', 'mfa'], mfaAt: f.clock.now() } });
  });

  it('has no challenge to begin for a code, and says so', async () => {
    await enrolPhone();
    const step = await passwordStep();
    await expect(f.core.signIn.beginSecondFactor(step.flowId, 'totp')).rejects.toMatchObject({ code: 'invalid_input', message: 'A totp needs no challenge.' });
  });

  it('never accepts the same code twice, even in a new sign-in', async () => {
    const { secret } = await enrolPhone();
    const code = await totpCodeAt(secret, f.clock.now());
    expect(await f.core.signIn.secondFactor((await passwordStep()).flowId, { kind: 'totp', code }, CLI_ACTOR)).toMatchObject({ kind: 'success' });
    expect(await f.core.signIn.secondFactor((await passwordStep()).flowId, { kind: 'totp', code }, CLI_ACTOR)).toEqual({ kind: 'failed' });
    f.clock.advance(30_000);
    const next = await totpCodeAt(secret, f.clock.now());
    expect(await f.core.signIn.secondFactor((await passwordStep()).flowId, { kind: 'totp', code: next }, CLI_ACTOR)).toMatchObject({ kind: 'success' });
  });

  it('lets exactly one of two racing sign-ins use a code', async () => {
    const { secret } = await enrolPhone();
    const code = await totpCodeAt(secret, f.clock.now());
    const [a, b] = await Promise.all([passwordStep(), passwordStep()]);
    const results = await Promise.all([a, b].map((s) => f.core.signIn.secondFactor(s.flowId, { kind: 'totp', code }, CLI_ACTOR)));
    expect(results.map((r) => r.kind).sort()).toEqual(['failed', 'success']);
  });

  it('completes with a recovery code: amr pwd, mfa; each code works once', async () => {
    const { recoveryCodes } = await enrolPhone();
    const outcome = await f.core.signIn.secondFactor((await passwordStep()).flowId, { kind: 'recovery_code', code: recoveryCodes[3]!.toLowerCase() }, CLI_ACTOR);
    expect(outcome).toMatchObject({ kind: 'success', session: { amr: ['pwd', 'mfa'] }, recoveryCodesLeft: 9 });
    expect(await f.core.signIn.secondFactor((await passwordStep()).flowId, { kind: 'recovery_code', code: recoveryCodes[3]! }, CLI_ACTOR)).toEqual({ kind: 'failed' });
    expect(f.core.audit.trail({ action: 'sign_in' }).some((e) => e.method === 'recovery_code' && e.outcome === 'success')).toBe(true);
  });

  it('lets exactly one of two racing sign-ins use a recovery code', async () => {
    const { recoveryCodes } = await enrolPhone();
    const [a, b] = await Promise.all([passwordStep(), passwordStep()]);
    const results = await Promise.all([a, b].map((s) => f.core.signIn.secondFactor(s.flowId, { kind: 'recovery_code', code: recoveryCodes[0]! }, CLI_ACTOR)));
    expect(results.map((r) => r.kind).sort()).toEqual(['failed', 'success']);
    expect(f.core.selfService.secondFactors(userId).recoveryCodesRemaining).toBe(9);
  });

  it('counts wrong codes toward the throttle, and a known password does not reset it', async () => {
    const { secret } = await enrolPhone();
    const step = await passwordStep(); // a right password is not counted, nor does it reset the count
    for (let i = 0; i < 5; i++) expect(await f.core.signIn.secondFactor(step.flowId, { kind: 'totp', code: '000000' }, CLI_ACTOR)).toEqual({ kind: 'failed' });
    const right = await totpCodeAt(secret, f.clock.now());
    expect(await f.core.signIn.secondFactor(step.flowId, { kind: 'totp', code: right }, CLI_ACTOR)).toMatchObject({ kind: 'locked', retryAfterMs: 5 * MINUTE });
    expect(await f.core.signIn.password('alice@example.com', PASSWORD)).toMatchObject({ kind: 'locked' });
  });

  it('keeps counting wrong codes across sign-ins: the password does not buy fresh guesses', async () => {
    await enrolPhone();
    for (let round = 0; round < 2; round++) {
      const step = await passwordStep();
      for (let i = 0; i < 2; i++) await f.core.signIn.secondFactor(step.flowId, { kind: 'totp', code: '000000' }, CLI_ACTOR);
    }
    const step = await passwordStep();
    expect(await f.core.signIn.secondFactor(step.flowId, { kind: 'totp', code: '000000' }, CLI_ACTOR)).toEqual({ kind: 'failed' });
    expect(await f.core.signIn.password('alice@example.com', PASSWORD)).toMatchObject({ kind: 'locked', retryAfterMs: 5 * MINUTE });
  });

  it('refuses a used-up or expired flow', async () => {
    const { secret } = await enrolPhone();
    const step = await passwordStep();
    f.clock.advance(5 * MINUTE);
    await expect(f.core.signIn.secondFactor(step.flowId, { kind: 'totp', code: await totpCodeAt(secret, f.clock.now()) }, CLI_ACTOR)).rejects.toMatchObject({
      code: 'flow_expired',
    });
  });
});

describe('recovery codes', () => {
  it('are replaced as a whole when regenerated', async () => {
    const { recoveryCodes: old } = await enrolPhone();
    const fresh = await f.core.selfService.regenerateRecoveryCodes(userId, CLI_ACTOR);
    expect(fresh).toHaveLength(10);
    expect(fresh.some((c) => old.includes(c))).toBe(false);
    expect(await f.core.signIn.secondFactor((await passwordStep()).flowId, { kind: 'recovery_code', code: old[0]! }, CLI_ACTOR)).toEqual({ kind: 'failed' });
    expect(await f.core.signIn.secondFactor((await passwordStep()).flowId, { kind: 'recovery_code', code: fresh[0]! }, CLI_ACTOR)).toMatchObject({ kind: 'success' });
  });

  it('are stored only as Argon2id hashes', async () => {
    const { recoveryCodes } = await enrolPhone();
    const stored = f.store.recoveryCodes.listUnused(userId).map((c) => c.hash);
    expect(stored.every((h) => h.startsWith('$argon2id$'))).toBe(true);
    for (const code of recoveryCodes) expect(stored.join()).not.toContain(code.replace(/-/g, ''));
  });

  it('are tagged under a key the keychain keeps, outside the store; without it they still work, checked one by one', async () => {
    const { recoveryCodes } = await enrolPhone();
    const stored = f.store.recoveryCodes.listUnused(userId);
    expect(stored.every((row) => /^[A-Za-z0-9_-]{8}\.[A-Za-z0-9_-]{22}$/.test(row.tag ?? ''))).toBe(true);
    const tagKey = await f.keychain.readStoreKey(f.store.storeId, 'recovery_tags');
    expect(tagKey).toHaveLength(32);
    // Nothing in the store holds the tag key.
    expect(JSON.stringify(await f.snapshot())).not.toContain(tagKey!.toString('hex'));
    // A core whose keychain lost the tag key (a restore elsewhere) still takes the codes.
    const lost = createGatehouse({ store: f.store, clock: f.clock, random: seededRandom('lost'), kdf: TEST_KDF, recoveryKdf: TEST_KDF, blocklist: loadCommonPasswords() });
    const flow = await lost.signIn.password('alice@example.com', PASSWORD);
    if (flow.kind !== 'second_factor_required') throw new Error(flow.kind);
    expect(await lost.signIn.secondFactor(flow.flowId, { kind: 'recovery_code', code: recoveryCodes[4]! }, CLI_ACTOR)).toMatchObject({ kind: 'success' });
  });

  it('go with the last authenticator, and none can be made without one', async () => {
    await enrolPhone();
    f.core.selfService.removeTotp(userId, 'phone', CLI_ACTOR);
    expect(f.core.selfService.secondFactors(userId)).toEqual({ authenticators: [], passkeys: 0, recoveryCodesRemaining: 0 });
    await expect(f.core.selfService.regenerateRecoveryCodes(userId, CLI_ACTOR)).rejects.toMatchObject({ code: 'conflict' });
    expect(await f.core.signIn.password('alice@example.com', PASSWORD)).toMatchObject({ kind: 'success', session: { amr: ['pwd'] } });
  });
});

describe('sign-in policy', () => {
  it('takes a user who must have two-step verification through enrolment before the app', async () => {
    f.core.policy.update({ requireMfa: 'all' }, CLI_ACTOR);
    const outcome = await f.core.signIn.password('alice@example.com', PASSWORD);
    if (outcome.kind !== 'mfa_enrolment_required') throw new Error(outcome.kind);
    const { secret } = f.core.signIn.beginEnrolment(outcome.flowId, 'phone', CLI_ACTOR);
    const done = await f.core.signIn.confirmEnrolment(outcome.flowId, 'phone', await totpCodeAt(secret, f.clock.now()), CLI_ACTOR);
    expect(done.outcome).toMatchObject({ kind: 'success', session: { amr: ['pwd', 'otp', 'mfa'] } });
    expect(done.recoveryCodes).toHaveLength(10);
    expect(() => f.core.selfService.removeTotp(userId, 'phone', CLI_ACTOR)).toThrow(/required for this account/);
  });

  it('applies "admins" to administrators only', async () => {
    await f.core.accounts.create({ email: 'bob@example.com', password: 'bob has a passphrase' }, CLI_ACTOR);
    f.core.policy.update({ requireMfa: 'admins' }, CLI_ACTOR);
    expect(await f.core.signIn.password('alice@example.com', PASSWORD)).toMatchObject({ kind: 'mfa_enrolment_required' });
    expect(await f.core.signIn.password('bob@example.com', 'bob has a passphrase')).toMatchObject({ kind: 'success' });
  });

  it('asks for the second factor before saying a password must change', async () => {
    const { secret } = await enrolPhone();
    f.core.accounts.expirePassword('alice@example.com', CLI_ACTOR);
    const step = await passwordStep();
    const outcome = await f.core.signIn.secondFactor(step.flowId, { kind: 'totp', code: await totpCodeAt(secret, f.clock.now()) }, CLI_ACTOR);
    if (outcome.kind !== 'expired') throw new Error(outcome.kind);
    expect(await f.core.signIn.completePasswordChange(outcome.flowId, 'a brand new passphrase', CLI_ACTOR)).toMatchObject({
      kind: 'success',
      session: { amr: ['pwd', 'otp', 'mfa'] },
    });
  });
});

describe('step-up', () => {
  it('verifies a fresh code without a sign-in flow, once per code', async () => {
    const { secret } = await enrolPhone();
    const code = await totpCodeAt(secret, f.clock.now());
    expect(await f.core.selfService.stepUp(userId, { kind: 'totp', code }, CLI_ACTOR)).toEqual({ kind: 'verified', amr: ['otp', 'mfa'] });
    expect(await f.core.selfService.stepUp(userId, { kind: 'totp', code }, CLI_ACTOR)).toEqual({ kind: 'failed' });
  });
});

describe('an account disabled between the password and the next step', () => {
  // Alice was the first account, so an administrator: another one lets her be disabled.
  beforeEach(async () => {
    await f.core.accounts.create({ email: 'root@example.com', password: 'another admin passphrase', isAdmin: true }, CLI_ACTOR);
  });

  it('does not sign in with the second factor, and the flow is over', async () => {
    const { secret } = await enrolPhone();
    const step = await passwordStep();
    f.core.accounts.disable('alice@example.com', CLI_ACTOR);
    const code = await totpCodeAt(secret, f.clock.now());
    expect(await f.core.signIn.secondFactor(step.flowId, { kind: 'totp', code }, CLI_ACTOR)).toEqual({ kind: 'failed' });
    await expect(f.core.signIn.secondFactor(step.flowId, { kind: 'totp', code }, CLI_ACTOR)).rejects.toMatchObject({ code: 'flow_expired' });
    expect(f.core.audit.trail({ action: 'sign_in', outcome: 'success' })).toEqual([]);
  });

  it('does not sign in through the enrolment the policy requires', async () => {
    f.core.policy.update({ requireMfa: 'all' }, CLI_ACTOR);
    const outcome = await f.core.signIn.password('alice@example.com', PASSWORD);
    if (outcome.kind !== 'mfa_enrolment_required') throw new Error(outcome.kind);
    const { secret } = f.core.signIn.beginEnrolment(outcome.flowId, 'phone', CLI_ACTOR);
    f.core.accounts.disable('alice@example.com', CLI_ACTOR);
    await expect(f.core.signIn.confirmEnrolment(outcome.flowId, 'phone', await totpCodeAt(secret, f.clock.now()), CLI_ACTOR)).rejects.toMatchObject({ code: 'flow_expired' });
    expect(f.core.selfService.hasSecondFactor(userId)).toBe(false);
  });

  it('does not sign in by changing an expired password', async () => {
    f.core.accounts.expirePassword('alice@example.com', CLI_ACTOR);
    const outcome = await f.core.signIn.password('alice@example.com', PASSWORD);
    if (outcome.kind !== 'expired') throw new Error(outcome.kind);
    f.core.accounts.disable('alice@example.com', CLI_ACTOR);
    await expect(f.core.signIn.completePasswordChange(outcome.flowId, 'a brand new passphrase', CLI_ACTOR)).rejects.toMatchObject({ code: 'flow_expired' });
    expect(await f.core.selfService.confirmPassword(userId, PASSWORD, CLI_ACTOR)).toEqual({ kind: 'verified' });
  });
});

describe('managing authenticators: names, lifetimes, the trail and the words', () => {
  const trail = () =>
    f.core.audit
      .trail()
      .filter((e) => e.action !== 'account.create')
      .map(({ action, method, outcome, detail }) => ({ action, method, outcome, detail }));

  it('records enrolment, a wrong code, confirmation, new recovery codes and removal', async () => {
    const { secret } = f.core.selfService.beginTotp(userId, 'phone', CLI_ACTOR);
    await expect(f.core.selfService.confirmTotp(userId, 'phone', '000000', CLI_ACTOR)).rejects.toThrow(
      'That code is not right. Check the time on your device and enter the current 6-digit code.',
    );
    await f.core.selfService.confirmTotp(userId, 'phone', await totpCodeAt(secret, f.clock.now()), CLI_ACTOR);
    f.core.selfService.removeTotp(userId, 'phone', CLI_ACTOR);
    expect(trail()).toEqual([
      { action: 'totp.enrol_start', method: 'totp', outcome: 'success', detail: 'phone' },
      { action: 'totp.enrol_confirm', method: 'totp', outcome: 'failed', detail: 'phone' },
      { action: 'totp.enrol_confirm', method: 'totp', outcome: 'success', detail: 'phone' },
      { action: 'recovery_codes.generate', method: null, outcome: 'success', detail: null },
      { action: 'totp.remove', method: 'totp', outcome: 'success', detail: 'phone' },
    ]);
  });

  it('names: trimmed, one Unicode form, no control characters, 1 to 40 characters', async () => {
    expect(f.core.selfService.beginTotp(userId, '  Zoe\u0301\u0007s phone ', CLI_ACTOR).name).toBe('Zo\u00e9s phone');
    expect(f.core.selfService.beginTotp(userId, 'x'.repeat(40), CLI_ACTOR).name).toHaveLength(40);
    expect(() => f.core.selfService.beginTotp(userId, 'x'.repeat(41), CLI_ACTOR)).toThrow('The name is longer than 40 characters.');
    expect(() => f.core.selfService.beginTotp(userId, ' \u0007 ', CLI_ACTOR)).toThrow('Give the authenticator a name, like "phone".');
  });

  it('says when an enrolment lasts until, and forgets one left unconfirmed for 10 minutes', async () => {
    const started = f.core.selfService.beginTotp(userId, 'phone', CLI_ACTOR);
    expect(started.expiresAt).toBe(f.clock.now() + 10 * MINUTE);
    f.clock.advance(10 * MINUTE - 1);
    f.core.selfService.beginTotp(userId, 'tablet', CLI_ACTOR); // sweeps expired ones: phone is not yet
    expect(f.store.totp.find(userId, 'phone')?.status).toBe('pending');
    f.clock.advance(1);
    f.core.selfService.beginTotp(userId, 'laptop', CLI_ACTOR);
    expect(f.store.totp.find(userId, 'phone')).toBeUndefined();
    await expect(f.core.selfService.confirmTotp(userId, 'tablet', await totpCodeAt(started.secret, f.clock.now()), CLI_ACTOR)).rejects.toThrow('That code is not right');
  });

  it('words each refusal', async () => {
    await enrolPhone();
    expect(() => f.core.selfService.beginTotp(userId, 'phone', CLI_ACTOR)).toThrow('You already have an authenticator app named "phone". Choose another name.');
    await expect(f.core.selfService.confirmTotp(userId, 'phone', '123456', CLI_ACTOR)).rejects.toThrow('There is no authenticator app named "phone" waiting to be confirmed.');
    await expect(f.core.selfService.confirmTotp(userId, 'tablet', '123456', CLI_ACTOR)).rejects.toThrow('There is no authenticator app named "tablet" waiting to be confirmed.');
    expect(() => f.core.selfService.removeTotp(userId, 'tablet', CLI_ACTOR)).toThrow('There is no authenticator app named "tablet".');
    f.core.selfService.beginTotp(userId, 'pending one', CLI_ACTOR);
    expect(() => f.core.selfService.removeTotp(userId, 'pending one', CLI_ACTOR)).toThrow('There is no authenticator app named "pending one".');
    const { secret } = f.core.selfService.beginTotp(userId, 'late', CLI_ACTOR);
    f.clock.advance(10 * MINUTE);
    await expect(f.core.selfService.confirmTotp(userId, 'late', await totpCodeAt(secret, f.clock.now()), CLI_ACTOR)).rejects.toThrow(
      'This setup expired after 10 minutes. Start again to get a new QR code.',
    );
    expect(f.store.totp.find(userId, 'late')).toBeUndefined();
  });

  it('keeps the recovery codes while another authenticator is left', async () => {
    await enrolPhone();
    const tablet = f.core.selfService.beginTotp(userId, 'tablet', CLI_ACTOR);
    await f.core.selfService.confirmTotp(userId, 'tablet', await totpCodeAt(tablet.secret, f.clock.now()), CLI_ACTOR);
    f.core.selfService.removeTotp(userId, 'phone', CLI_ACTOR);
    expect(f.core.selfService.secondFactors(userId)).toMatchObject({ authenticators: [{ name: 'tablet' }], recoveryCodesRemaining: 10 });
  });

  it('lets a user who must have two-step verification remove one of two authenticators, not the last', async () => {
    await enrolPhone();
    const tablet = f.core.selfService.beginTotp(userId, 'tablet', CLI_ACTOR);
    await f.core.selfService.confirmTotp(userId, 'tablet', await totpCodeAt(tablet.secret, f.clock.now()), CLI_ACTOR);
    f.core.policy.update({ requireMfa: 'all' }, CLI_ACTOR);
    f.core.selfService.removeTotp(userId, 'phone', CLI_ACTOR);
    expect(() => f.core.selfService.removeTotp(userId, 'tablet', CLI_ACTOR)).toThrow(
      'Two-step verification is required for this account: add another authenticator app or a passkey before removing this one.',
    );
  });
});

describe('the second step: its trail, its offers and its flow', () => {
  const steps = () =>
    f.core.audit
      .trail({ action: 'sign_in' })
      .filter((e) => e.method !== 'password')
      .map(({ method, outcome, detail }) => ({ method, outcome, detail }));

  it('records each code with the authenticator used or the codes left', async () => {
    const { secret, recoveryCodes } = await enrolPhone();
    const step = await passwordStep();
    await f.core.signIn.secondFactor(step.flowId, { kind: 'totp', code: '000000' }, CLI_ACTOR);
    await f.core.signIn.secondFactor(step.flowId, { kind: 'totp', code: await totpCodeAt(secret, f.clock.now()) }, CLI_ACTOR);
    const again = await passwordStep();
    await f.core.signIn.secondFactor(again.flowId, { kind: 'recovery_code', code: 'AAAA-BBBB-CCCC' }, CLI_ACTOR);
    const done = await f.core.signIn.secondFactor(again.flowId, { kind: 'recovery_code', code: recoveryCodes[0]! }, CLI_ACTOR);
    expect(done).toMatchObject({ kind: 'success', recoveryCodesLeft: 9 });
    expect(steps()).toEqual([
      { method: 'totp', outcome: 'failed', detail: null },
      { method: 'totp', outcome: 'success', detail: 'phone' },
      { method: 'totp', outcome: 'success', detail: 'pwd otp mfa' },
      { method: 'recovery_code', outcome: 'failed', detail: null },
      { method: 'recovery_code', outcome: 'success', detail: 'recovery code used; 9 left' },
      { method: 'recovery_code', outcome: 'success', detail: 'pwd mfa' },
    ]);
    const methods = f.core.audit.trail({ action: 'sign_in', outcome: 'second_factor_required' }).map((e) => e.method);
    expect(methods).toEqual(['password', 'password']);
  });

  it('records a step refused while the account is blocked', async () => {
    await enrolPhone();
    const step = await passwordStep();
    for (let i = 0; i < 5; i++) await f.core.signIn.secondFactor(step.flowId, { kind: 'totp', code: '000000' }, CLI_ACTOR);
    expect(await f.core.signIn.secondFactor(step.flowId, { kind: 'totp', code: '000000' }, CLI_ACTOR)).toEqual({ kind: 'locked', retryAfterMs: 5 * MINUTE });
    expect(steps().at(-1)).toEqual({ method: 'totp', outcome: 'locked', detail: null });
  });

  it('offers recovery codes only while some are left', async () => {
    const { recoveryCodes } = await enrolPhone();
    for (const code of recoveryCodes.slice(0, 9)) expect(await f.core.selfService.stepUp(userId, { kind: 'recovery_code', code }, CLI_ACTOR)).toMatchObject({ kind: 'verified' });
    expect((await passwordStep()).methods).toEqual(['totp', 'recovery_code']);
    expect(await f.core.selfService.stepUp(userId, { kind: 'recovery_code', code: recoveryCodes[9]! }, CLI_ACTOR)).toEqual({
      kind: 'verified',
      amr: ['mfa'],
      recoveryCodesLeft: 0,
    });
    expect((await passwordStep()).methods).toEqual(['totp']);
  });

  it('a right code is refunded, not a reset: the wrong ones before it still count', async () => {
    const { secret } = await enrolPhone();
    for (let i = 0; i < 4; i++) await f.core.selfService.stepUp(userId, { kind: 'totp', code: '000000' }, CLI_ACTOR);
    expect(await f.core.selfService.stepUp(userId, { kind: 'totp', code: await totpCodeAt(secret, f.clock.now()) }, CLI_ACTOR)).toMatchObject({ kind: 'verified' });
    expect(f.store.throttle.get('alice@example.com')).toMatchObject({ consecutiveFailures: 4, blockedUntil: null });
    expect(await f.core.selfService.stepUp(userId, { kind: 'totp', code: '000000' }, CLI_ACTOR)).toEqual({ kind: 'failed' });
    expect(f.core.accounts.show('alice@example.com').signInState.kind).toBe('blocked');
  });

  it('an enrolment the policy requires: recorded, the count cleared, and over once done or once a factor exists', async () => {
    await f.core.signIn.password('alice@example.com', 'a wrong guess');
    f.core.policy.update({ requireMfa: 'all' }, CLI_ACTOR);
    const outcome = await f.core.signIn.password('alice@example.com', PASSWORD);
    if (outcome.kind !== 'mfa_enrolment_required') throw new Error(outcome.kind);
    expect(f.store.throttle.get('alice@example.com').consecutiveFailures).toBe(0);
    expect(f.core.audit.trail({ action: 'sign_in', outcome: 'mfa_enrolment_required' })).toHaveLength(1);
    const { secret } = f.core.signIn.beginEnrolment(outcome.flowId, 'phone', CLI_ACTOR);
    const done = await f.core.signIn.confirmEnrolment(outcome.flowId, 'phone', await totpCodeAt(secret, f.clock.now()), CLI_ACTOR);
    expect(done.recoveryCodes).toHaveLength(10);
    expect(() => f.core.signIn.beginEnrolment(outcome.flowId, 'tablet', CLI_ACTOR)).toThrow(expect.objectContaining({ code: 'flow_expired' }));
    expect(f.core.audit.trail({ action: 'sign_in', outcome: 'success' }).map((e) => [e.method, e.detail])).toEqual([['totp', 'pwd otp mfa']]);
  });

  it('a required enrolment stops when the account got a factor meanwhile: the second step is asked instead', async () => {
    f.core.policy.update({ requireMfa: 'all' }, CLI_ACTOR);
    const outcome = await f.core.signIn.password('alice@example.com', PASSWORD);
    if (outcome.kind !== 'mfa_enrolment_required') throw new Error(outcome.kind);
    const { secret } = f.core.signIn.beginEnrolment(outcome.flowId, 'phone', CLI_ACTOR);
    const other = f.core.selfService.beginTotp(userId, 'tablet', CLI_ACTOR);
    await f.core.selfService.confirmTotp(userId, 'tablet', await totpCodeAt(other.secret, f.clock.now()), CLI_ACTOR);
    await expect(f.core.signIn.confirmEnrolment(outcome.flowId, 'phone', await totpCodeAt(secret, f.clock.now()), CLI_ACTOR)).rejects.toThrow(
      'This sign-in can no longer go on. Please sign in again.',
    );
    expect(() => f.core.signIn.beginEnrolment(outcome.flowId, 'phone', CLI_ACTOR)).toThrow(expect.objectContaining({ code: 'flow_expired' }));
  });

  it('an expired password: recorded with its reason, and the sign-in that follows the change is a success', async () => {
    f.core.policy.update({ passwordMaxAgeDays: 30 }, CLI_ACTOR);
    f.clock.advance(30 * 24 * 60 * MINUTE);
    const outcome = await f.core.signIn.password('alice@example.com', PASSWORD);
    expect(outcome).toMatchObject({ kind: 'expired', reason: 'max_age' });
    if (outcome.kind !== 'expired') throw new Error(outcome.kind);
    expect(await f.core.signIn.completePasswordChange(outcome.flowId, 'a brand new passphrase', CLI_ACTOR)).toMatchObject({ kind: 'success', session: { amr: ['pwd'] } });
    expect(f.core.audit.trail({ action: 'sign_in' }).map((e) => [e.outcome, e.detail])).toEqual([
      ['expired', 'max_age'],
      ['success', 'pwd'],
    ]);
    expect(f.core.audit.trail({ action: 'password.change' }).map((e) => e.outcome)).toEqual(['success']);
  });
});

describe('races', () => {
  it('confirms an authenticator once when two confirmations with the right code race', async () => {
    const { secret } = f.core.selfService.beginTotp(userId, 'phone', CLI_ACTOR);
    const code = await totpCodeAt(secret, f.clock.now());
    const results = await Promise.allSettled([f.core.selfService.confirmTotp(userId, 'phone', code, CLI_ACTOR), f.core.selfService.confirmTotp(userId, 'phone', code, CLI_ACTOR)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'conflict', message: 'This authenticator app was already confirmed.' } });
    expect(f.core.selfService.secondFactors(userId)).toMatchObject({ authenticators: [{ name: 'phone' }], recoveryCodesRemaining: 10 });
  });
});
