import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI_ACTOR, createCoreFixture, type CoreFixture } from '../../../../../test/support/core.js';
import { SoftAuthenticator } from '../../../../../test/support/soft-authenticator.js';
import { totpCodeAt } from '../totp/totp.js';

const ORIGIN = 'http://gatehouse.localhost';
let f: CoreFixture;
let userId: string;
let device: SoftAuthenticator;

beforeEach(async () => {
  f = await createCoreFixture();
  userId = (await f.core.accounts.create({ email: 'pia@example.com', displayName: 'Pia', password: 'pia has a long passphrase' }, CLI_ACTOR)).id;
  device = new SoftAuthenticator({ origin: ORIGIN, rpId: 'gatehouse.localhost' });
});
afterEach(() => f.cleanup());

async function register(name = 'Laptop', knobs = {}) {
  const { flowId, options } = await f.core.passkeys.beginRegistration(userId, 'platform');
  return (await f.core.passkeys.finishRegistration(userId, flowId, device.register(options, knobs) as never, name, CLI_ACTOR)).passkey;
}

async function signIn(knobs = {}, credential = device.credentials.at(-1)) {
  const { flowId, options } = await f.core.signIn.beginPasskey();
  return f.core.signIn.finishPasskey(flowId, device.assert(options, knobs, credential) as never, CLI_ACTOR);
}

/** Pia with an authenticator app and a passkey, after her password: the second step is open. */
async function passwordStepWithPasskey() {
  const { secret } = f.core.selfService.beginTotp(userId, 'phone', CLI_ACTOR);
  await f.core.selfService.confirmTotp(userId, 'phone', await totpCodeAt(secret, f.clock.now()), CLI_ACTOR);
  await register();
  const step = await f.core.signIn.password('pia@example.com', 'pia has a long passphrase');
  if (step.kind !== 'second_factor_required') throw new Error(step.kind);
  return { secret, step };
}

/** Olga, another account, with a passkey of her own on her own authenticator. */
async function otherAccountWithPasskey() {
  const otherId = (await f.core.accounts.create({ email: 'olga@example.com', password: 'olga has a passphrase too' }, CLI_ACTOR)).id;
  const other = new SoftAuthenticator({ origin: ORIGIN, rpId: 'gatehouse.localhost' });
  const reg = await f.core.passkeys.beginRegistration(otherId, 'platform');
  await f.core.passkeys.finishRegistration(otherId, reg.flowId, other.register(reg.options) as never, 'Olga key', CLI_ACTOR);
  return { otherId, other };
}

describe('registration options', () => {
  it('ask for a resident key with user verification, no attestation, a 32-byte challenge, 5 minutes, and exclude existing passkeys', async () => {
    await register();
    const { options } = await f.core.passkeys.beginRegistration(userId, 'platform');
    expect(options).toMatchObject({
      rp: { id: 'gatehouse.localhost', name: 'Gatehouse' },
      user: { name: 'pia@example.com', displayName: 'Pia' },
      attestation: 'none',
      timeout: 300_000,
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
      hints: ['client-device'],
      excludeCredentials: [{ id: device.credentials[0]!.id.toString('base64url') }],
    });
    expect(Buffer.from(options.challenge, 'base64url')).toHaveLength(32);
    expect(Buffer.from(options.user.id, 'base64url').toString()).toBe(userId); // the random account id, not the email
    expect((await f.core.passkeys.beginRegistration(userId, 'security_key')).options.hints).toEqual(['security-key']);
  });
});

describe('registration', () => {
  it('stores a synced passkey as backed up, and names it by its credential id', async () => {
    device = new SoftAuthenticator({ origin: ORIGIN, rpId: 'gatehouse.localhost' }, true);
    const view = await register('Phone');
    expect(f.store.passkeys.find(view.id)).toMatchObject({ backupEligible: true, backedUp: true });
    expect(f.core.passkeys.nameOf(view.id)).toBe('Phone');
  });

  it('stores the credential id, public key, counter, transports, backup flags, AAGUID and name', async () => {
    const view = await register('Work laptop');
    expect(view).toMatchObject({ name: 'Work laptop', synced: false, lastUsedAt: null, createdAt: f.clock.now() });
    const stored = f.store.passkeys.find(view.id)!;
    expect(stored).toMatchObject({ userId, counter: 0, transports: ['internal'], backupEligible: false, backedUp: false, aaguid: '00000000-0000-0000-0000-000000000000' });
    expect(stored.publicKey.length).toBeGreaterThan(64);
  });

  it('refuses a wrong origin, a wrong RP ID, a missing user verification, a reused and an expired challenge', async () => {
    const attempt = async (knobs: object, reuse?: { flowId: string; options: { challenge: string; user: { id: string } } }) => {
      const ceremony = reuse ?? (await f.core.passkeys.beginRegistration(userId, 'platform'));
      return f.core.passkeys.finishRegistration(userId, ceremony.flowId, device.register(ceremony.options, knobs) as never, 'x', CLI_ACTOR);
    };
    await expect(attempt({ origin: 'http://evil.localhost' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(attempt({ rpId: 'evil.localhost' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(attempt({ userVerified: false })).rejects.toMatchObject({ code: 'invalid_input' });
    const used = await f.core.passkeys.beginRegistration(userId, 'platform');
    await attempt({}, used);
    await expect(attempt({}, used)).rejects.toMatchObject({ code: 'flow_expired' });
    const late = await f.core.passkeys.beginRegistration(userId, 'platform');
    f.clock.advance(5 * 60_000);
    await expect(attempt({}, late)).rejects.toMatchObject({ code: 'flow_expired' });
    expect(f.core.passkeys.list(userId)).toHaveLength(1);
    expect(f.core.audit.trail({ action: 'passkey.register', outcome: 'failed' })).toHaveLength(3);
  });
});

describe('usernameless sign-in', () => {
  it('offers an empty allow list and signs in with amr hwk, user, mfa', async () => {
    await register();
    const { options } = await f.core.signIn.beginPasskey();
    expect(options).toMatchObject({ rpId: 'gatehouse.localhost', userVerification: 'required', timeout: 300_000 });
    expect(options.allowCredentials ?? []).toEqual([]);
    expect(await signIn()).toMatchObject({ kind: 'success', session: { email: 'pia@example.com', amr: ['hwk', 'user', 'mfa'] } });
    expect(f.core.passkeys.list(userId)[0]!.lastUsedAt).toBe(f.clock.now());
  });

  it('says swk for a synced passkey', async () => {
    device = new SoftAuthenticator({ origin: ORIGIN, rpId: 'gatehouse.localhost' }, true);
    expect(await register()).toMatchObject({ synced: true });
    expect(await signIn()).toMatchObject({ kind: 'success', session: { amr: ['swk', 'user', 'mfa'] } });
  });

  it('refuses and audits: wrong origin, wrong RP ID, no user verification, counter regression, reused challenge', async () => {
    await register();
    expect(await signIn({ origin: 'http://evil.localhost' })).toEqual({ kind: 'failed' });
    expect(await signIn({ rpId: 'evil.localhost' })).toEqual({ kind: 'failed' });
    expect(await signIn({ userVerified: false })).toEqual({ kind: 'failed' });
    expect(await signIn({ counter: 10 })).toMatchObject({ kind: 'success' });
    expect(await signIn({ counter: 7 })).toEqual({ kind: 'failed' });
    const { flowId, options } = await f.core.signIn.beginPasskey();
    expect(await f.core.signIn.finishPasskey(flowId, device.assert(options, { counter: 11 }) as never, CLI_ACTOR)).toMatchObject({ kind: 'success' });
    await expect(f.core.signIn.finishPasskey(flowId, device.assert(options, { counter: 12 }) as never, CLI_ACTOR)).rejects.toMatchObject({ code: 'flow_expired' });
    const refusals = f.core.audit.trail({ action: 'sign_in', outcome: 'failed' }).map((e) => e.detail);
    expect(refusals).toHaveLength(4);
    expect(refusals.some((d) => /counter regression/.test(d ?? ''))).toBe(true);
  });

  it('checks the counter only after the signature: a forged response cannot raise the clone alarm', async () => {
    await register();
    expect(await signIn({ counter: 10 })).toMatchObject({ kind: 'success' });
    const { flowId, options } = await f.core.signIn.beginPasskey();
    const forged = device.assert(options, { counter: 3 }) as { response: { signature: string } };
    const signature = Buffer.from(forged.response.signature, 'base64url');
    signature[signature.length - 1]! ^= 0x01;
    forged.response.signature = signature.toString('base64url');
    expect(await f.core.signIn.finishPasskey(flowId, forged as never, CLI_ACTOR)).toEqual({ kind: 'failed' });
    const [refusal] = f.core.audit.trail({ action: 'sign_in', outcome: 'failed' });
    expect(refusal!.detail).toBe('signature not verified');
    expect(f.store.passkeys.listForUser(userId)[0]!.counter).toBe(10);
    // The same regression, signed, is the alarm.
    expect(await signIn({ counter: 3 })).toEqual({ kind: 'failed' });
    expect(f.core.audit.trail({ action: 'sign_in', outcome: 'failed' }).map((e) => e.detail)).toEqual([refusal!.detail, 'counter regression: 3 after 10']);
  });

  it('never signs in with a removed passkey', async () => {
    const { id } = await register();
    f.core.passkeys.remove(userId, id, CLI_ACTOR);
    expect(await signIn()).toEqual({ kind: 'failed' });
    expect(f.core.audit.trail({ action: 'sign_in', outcome: 'failed' })[0]!.detail).toMatch(/unknown or removed/);
  });

  it('refuses a disabled account after the passkey', async () => {
    await register();
    await f.core.accounts.create({ email: 'root@example.com', password: 'another admin passphrase', isAdmin: true }, CLI_ACTOR);
    f.core.accounts.disable('pia@example.com', CLI_ACTOR);
    expect(await signIn()).toEqual({ kind: 'disabled' });
  });

  it('does not lift a block or an administrator lock', async () => {
    await register();
    for (let i = 0; i < 5; i++) await f.core.signIn.password('pia@example.com', 'wrong');
    expect(await signIn()).toMatchObject({ kind: 'locked', retryAfterMs: 5 * 60_000 });
    f.core.policy.update({ lockoutAfterFailures: 6 }, CLI_ACTOR);
    f.clock.advance(5 * 60_000);
    await f.core.signIn.password('pia@example.com', 'wrong');
    expect(await signIn()).toEqual({ kind: 'locked' });
    f.core.accounts.unlock('pia@example.com', CLI_ACTOR);
    expect(await signIn()).toMatchObject({ kind: 'success' });
  });

  it('requires the user handle without a username, and refuses another account’s handle', async () => {
    await register();
    expect(await signIn({ userHandle: null })).toEqual({ kind: 'failed' });
    expect(await signIn({ userHandle: Buffer.from('someone-else').toString('base64url') })).toEqual({ kind: 'failed' });
    const details = f.core.audit.trail({ action: 'sign_in', outcome: 'failed' }).map((e) => e.detail);
    expect(details).toEqual(['user handle missing in a usernameless sign-in', 'user handle does not match the passkey']);
  });

  it('keeps working with an authenticator whose counter is always 0', async () => {
    await register();
    for (let i = 0; i < 3; i++) expect(await signIn({ counter: 0 })).toMatchObject({ kind: 'success' });
  });
});

describe('passkey as a second factor after a password', () => {
  it('refuses a locked account, and another account’s passkey', async () => {
    const { step } = await passwordStepWithPasskey();
    for (let i = 0; i < 5; i++) await f.core.signIn.secondFactor(step.flowId, { kind: 'totp', code: '000000' }, CLI_ACTOR);
    const first = await f.core.signIn.beginSecondFactor(step.flowId, 'passkey');
    expect(await f.core.signIn.secondFactor(step.flowId, { kind: 'passkey', ceremonyId: first.flowId, response: device.assert(first.options) as never }, CLI_ACTOR)).toMatchObject({
      kind: 'locked',
    });
    expect(f.core.accounts.show('pia@example.com').signInState.kind).toBe('blocked');
    // Someone else's passkey, even a valid one, is no second factor for Pia.
    const { otherId, other } = await otherAccountWithPasskey();
    f.clock.advance(5 * 60_000);
    f.core.accounts.unlock('pia@example.com', CLI_ACTOR);
    const again = await f.core.signIn.password('pia@example.com', 'pia has a long passphrase');
    if (again.kind !== 'second_factor_required') throw new Error(again.kind);
    const ceremony = await f.core.signIn.beginSecondFactor(again.flowId, 'passkey');
    expect(await f.core.signIn.secondFactor(again.flowId, { kind: 'passkey', ceremonyId: ceremony.flowId, response: other.assert(ceremony.options) as never }, CLI_ACTOR)).toEqual({
      kind: 'failed',
    });
    expect(f.store.passkeys.listForUser(otherId)[0]!.lastUsedAt).toBeNull();
  });

  it('refuses another account’s passkey even through a usernameless ceremony', async () => {
    const { secret } = f.core.selfService.beginTotp(userId, 'phone', CLI_ACTOR);
    await f.core.selfService.confirmTotp(userId, 'phone', await totpCodeAt(secret, f.clock.now()), CLI_ACTOR);
    await register();
    const { other } = await otherAccountWithPasskey();
    const step = await f.core.signIn.password('pia@example.com', 'pia has a long passphrase');
    if (step.kind !== 'second_factor_required') throw new Error(step.kind);
    // The ceremony from "Sign in with a passkey" names no account: it is not Pia's to use.
    const usernameless = await f.core.signIn.beginPasskey();
    expect(
      await f.core.signIn.secondFactor(step.flowId, { kind: 'passkey', ceremonyId: usernameless.flowId, response: other.assert(usernameless.options) as never }, CLI_ACTOR),
    ).toEqual({ kind: 'failed' });
    expect(f.core.audit.trail({ action: 'sign_in', outcome: 'success' })).toEqual([]);
  });

  it('is offered with TOTP and completes with pwd, hwk, user, mfa', async () => {
    const { step } = await passwordStepWithPasskey();
    expect(step.methods).toEqual(['totp', 'recovery_code', 'passkey']);
    const { flowId, options } = await f.core.signIn.beginSecondFactor(step.flowId, 'passkey');
    expect(options.allowCredentials).toHaveLength(1);
    const outcome = await f.core.signIn.secondFactor(step.flowId, { kind: 'passkey', ceremonyId: flowId, response: device.assert(options) as never }, CLI_ACTOR);
    expect(outcome).toMatchObject({ kind: 'success', session: { amr: ['pwd', 'hwk', 'user', 'mfa'] } });
  });

  it('is a second factor on its own: a first passkey brings recovery codes, and a password then asks for the passkey or a code', async () => {
    const { flowId, options } = await f.core.passkeys.beginRegistration(userId, 'platform');
    const { recoveryCodes } = await f.core.passkeys.finishRegistration(userId, flowId, device.register(options) as never, 'Laptop', CLI_ACTOR);
    expect(recoveryCodes).toHaveLength(10);
    const step = await f.core.signIn.password('pia@example.com', 'pia has a long passphrase');
    expect(step).toMatchObject({ kind: 'second_factor_required', methods: ['recovery_code', 'passkey'] });
    // The passkey lost: a recovery code gets in, as two-step.
    if (step.kind !== 'second_factor_required') throw new Error(step.kind);
    expect(await f.core.signIn.secondFactor(step.flowId, { kind: 'recovery_code', code: recoveryCodes![0]! }, CLI_ACTOR)).toMatchObject({
      kind: 'success',
      session: { amr: ['pwd', 'mfa'] },
      recoveryCodesLeft: 9,
    });
    // A second passkey brings no new codes; removing the last second factor takes them away.
    const second = await f.core.passkeys.beginRegistration(userId, 'security_key');
    const other = new SoftAuthenticator({ origin: ORIGIN, rpId: 'gatehouse.localhost' });
    const again = await f.core.passkeys.finishRegistration(userId, second.flowId, other.register(second.options) as never, 'Key', CLI_ACTOR);
    expect(again.recoveryCodes).toBeNull();
    for (const p of f.core.passkeys.list(userId)) f.core.passkeys.remove(userId, p.id, CLI_ACTOR);
    expect(f.core.selfService.secondFactors(userId)).toMatchObject({ passkeys: 0, recoveryCodesRemaining: 0 });
    expect(await f.core.signIn.password('pia@example.com', 'pia has a long passphrase')).toMatchObject({ kind: 'success', session: { amr: ['pwd'] } });
  });

  it('is never the last second factor removed while two-step verification is required', async () => {
    await register();
    f.core.accounts.setRequireMfa('pia@example.com', true, CLI_ACTOR);
    const [only] = f.core.passkeys.list(userId);
    expect(() => f.core.passkeys.remove(userId, only!.id, CLI_ACTOR)).toThrow(
      'Two-step verification is required for this account: add an authenticator app or another passkey before removing this one.',
    );
  });
});

describe('management', () => {
  it('renames and removes', async () => {
    const { id } = await register();
    expect(f.core.passkeys.rename(userId, id, '  Desk key ', CLI_ACTOR)).toMatchObject({ name: 'Desk key' });
    f.core.passkeys.remove(userId, id, CLI_ACTOR);
    expect(f.core.passkeys.list(userId)).toEqual([]);
  });

  it('never removes the only way to sign in of an account without a password', async () => {
    // The core makes no account without a password yet; the store can hold one, as a passkey-only
    // account will be. It is written through the users repository, like any account.
    const passwordless = 'passkey-only-account-id';
    f.store.users.insert({
      id: passwordless,
      email: 'keys@example.com',
      displayName: '',
      isAdmin: false,
      status: 'active',
      passwordHash: null,
      passwordChangedAt: null,
      mustChangePassword: false,
      createdAt: f.clock.now(),
      lastSignInAt: null,
      emailVerifiedAt: null,
      phone: null,
      phoneVerifiedAt: null,
      requireMfa: false,
    });
    userId = passwordless;
    const { id } = await register();
    expect(() => f.core.passkeys.remove(userId, id, CLI_ACTOR)).toThrow(expect.objectContaining({ code: 'conflict', message: expect.stringMatching(/only way to sign in/) }));
    expect(f.core.passkeys.list(userId)).toHaveLength(1);
  });
});

describe('the passkey trail, names and refusals', () => {
  const trail = () =>
    f.core.audit
      .trail()
      .filter((e) => e.method === 'passkey')
      .map(({ action, outcome, detail, email }) => ({ action, outcome, detail, email }));

  it('records registration, a refused registration, a rename, a refused sign-in and a removal', async () => {
    const { id } = await register('Laptop');
    const again = await f.core.passkeys.beginRegistration(userId, 'platform');
    await expect(f.core.passkeys.finishRegistration(userId, again.flowId, device.register(again.options, {}, device.credentials[0]) as never, 'Twice', CLI_ACTOR)).rejects.toThrow(
      'This passkey is already registered.',
    );
    f.core.passkeys.rename(userId, id, 'Desk', CLI_ACTOR);
    expect(await signIn({ userVerified: false })).toEqual({ kind: 'failed' });
    f.core.passkeys.remove(userId, id, CLI_ACTOR);
    const pia = 'pia@example.com';
    expect(trail()).toEqual([
      { action: 'passkey.register', outcome: 'success', detail: 'Laptop', email: pia },
      { action: 'passkey.register', outcome: 'failed', detail: 'already registered', email: pia },
      { action: 'passkey.rename', outcome: 'success', detail: 'Desk', email: pia },
      { action: 'sign_in', outcome: 'failed', detail: 'User verification required, but user could not be verified', email: pia },
      { action: 'passkey.remove', outcome: 'success', detail: 'Desk', email: pia },
    ]);
    expect(f.core.passkeys.list(userId)).toEqual([]);
  });

  it('audits an unknown passkey without naming an account', async () => {
    await register();
    const stranger = new SoftAuthenticator({ origin: ORIGIN, rpId: 'gatehouse.localhost' });
    const ceremony = await f.core.passkeys.beginRegistration(userId, 'platform');
    stranger.register(ceremony.options); // a credential Gatehouse never stored
    expect(await signIn({}, stranger.credentials[0])).toEqual({ kind: 'failed' });
    expect(f.core.audit.trail({ action: 'sign_in', outcome: 'failed' }).map(({ email, detail, method }) => ({ email, detail, method }))).toEqual([
      { email: null, detail: 'unknown or removed passkey', method: 'passkey' },
    ]);
  });

  it('refuses a ceremony begun for another account', async () => {
    const otherId = (await f.core.accounts.create({ email: 'olga@example.com', password: 'olga has a passphrase too' }, CLI_ACTOR)).id;
    const ceremony = await f.core.passkeys.beginRegistration(otherId, 'platform');
    await expect(f.core.passkeys.finishRegistration(userId, ceremony.flowId, device.register(ceremony.options) as never, 'Mine', CLI_ACTOR)).rejects.toThrow(
      'This passkey setup belongs to another account. Start again.',
    );
    expect(f.core.audit.trail({ action: 'passkey.register' }).map((e) => [e.email, e.outcome, e.detail])).toEqual([['pia@example.com', 'failed', 'ceremony of another account']]);
    expect(f.core.passkeys.list(userId)).toEqual([]);
    expect(f.core.passkeys.list(otherId)).toEqual([]);
  });

  it('says why a registration response is refused', async () => {
    const ceremony = await f.core.passkeys.beginRegistration(userId, 'platform');
    await expect(f.core.passkeys.finishRegistration(userId, ceremony.flowId, device.register(ceremony.options, { userVerified: false }) as never, 'x', CLI_ACTOR)).rejects.toThrow(
      "Passkey wasn't created: the response could not be verified. Try again.",
    );
  });

  it('names: the given name cleaned, else what it is and the day it came; 1 to 60 characters on rename', async () => {
    expect((await register('  Zoe\u0301\u0007s key  ')).name).toBe('Zo\u00e9s key');
    device = new SoftAuthenticator({ origin: ORIGIN, rpId: 'gatehouse.localhost' });
    const unnamed = await register('   ');
    const today = new Date(f.clock.now()).toISOString().slice(0, 10);
    expect(unnamed.name).toBe(`Passkey, ${today}`);
    // Asked for as a security key, bound to the key (not synced): it says so.
    device = new SoftAuthenticator({ origin: ORIGIN, rpId: 'gatehouse.localhost' });
    const key = await f.core.passkeys.beginRegistration(userId, 'security_key');
    const { passkey: keyView } = await f.core.passkeys.finishRegistration(userId, key.flowId, device.register(key.options) as never, '', CLI_ACTOR);
    expect(keyView.name).toBe(`Security key, ${today}`);
    f.core.passkeys.remove(userId, keyView.id, CLI_ACTOR);
    expect(f.core.passkeys.rename(userId, unnamed.id, ` ${'k'.repeat(60)} `, CLI_ACTOR).name).toHaveLength(60);
    for (const bad of ['k'.repeat(61), ' \u0007 '])
      expect(() => f.core.passkeys.rename(userId, unnamed.id, bad, CLI_ACTOR)).toThrow('Give the passkey a name of up to 60 characters.');
    expect(
      f.core.passkeys
        .list(userId)
        .map((p) => p.name)
        .sort(),
    ).toEqual(['Zo\u00e9s key', 'k'.repeat(60)].sort());
    device = new SoftAuthenticator({ origin: ORIGIN, rpId: 'gatehouse.localhost' });
    await expect(register('k'.repeat(61))).rejects.toThrow('The name is longer than 60 characters.');
    expect(await register('k'.repeat(60))).toMatchObject({ name: 'k'.repeat(60) });
  });

  it('never renames or removes another account’s passkey', async () => {
    const { id } = await register('Pia key');
    const otherId = (await f.core.accounts.create({ email: 'olga@example.com', password: 'olga has a passphrase too' }, CLI_ACTOR)).id;
    expect(() => f.core.passkeys.rename(otherId, id, 'Mine now', CLI_ACTOR)).toThrow('There is no such passkey on this account.');
    expect(() => f.core.passkeys.remove(otherId, id, CLI_ACTOR)).toThrow('There is no such passkey on this account.');
    expect(f.core.passkeys.list(userId)).toMatchObject([{ id, name: 'Pia key' }]);
  });

  it('stores no transports when the browser reports none', async () => {
    const { flowId, options } = await f.core.passkeys.beginRegistration(userId, 'security_key');
    const response = device.register(options) as { response: { transports?: string[] } };
    delete response.response.transports;
    const { passkey: view } = await f.core.passkeys.finishRegistration(userId, flowId, response as never, 'Key', CLI_ACTOR);
    expect(f.store.passkeys.find(view.id)!.transports).toEqual([]);
  });

  it('asks the authenticator to keep the credential (resident key) and to verify the user, on this device and on a security key', async () => {
    const { options } = await f.core.passkeys.beginRegistration(userId, 'platform');
    expect(options.authenticatorSelection).toEqual({ authenticatorAttachment: 'platform', residentKey: 'required', requireResidentKey: true, userVerification: 'required' });
    const key = await f.core.passkeys.beginRegistration(userId, 'security_key');
    expect(key.options.authenticatorSelection).toMatchObject({ residentKey: 'required', requireResidentKey: true, userVerification: 'required' });
  });
});

describe('passkey sign-in outcomes in the trail', () => {
  const outcomes = () =>
    f.core.audit
      .trail({ action: 'sign_in' })
      .filter((e) => e.method === 'passkey')
      .map(({ outcome, detail }) => [outcome, detail]);

  it('records success with its amr, a block, and a disabled account', async () => {
    await register();
    expect(await signIn()).toMatchObject({ kind: 'success' });
    for (let i = 0; i < 5; i++) await f.core.signIn.password('pia@example.com', 'wrong');
    expect(await signIn()).toMatchObject({ kind: 'locked' });
    f.clock.advance(5 * 60_000);
    await f.core.accounts.create({ email: 'root@example.com', password: 'another admin passphrase', isAdmin: true }, CLI_ACTOR);
    f.core.accounts.disable('pia@example.com', CLI_ACTOR);
    expect(await signIn()).toEqual({ kind: 'disabled' });
    expect(outcomes()).toEqual([
      ['success', 'hwk user mfa'],
      ['locked', null],
      ['disabled', null],
    ]);
  });

  it('ends the password’s second step once a passkey completed it', async () => {
    const { secret, step } = await passwordStepWithPasskey();
    const { flowId, options } = await f.core.signIn.beginSecondFactor(step.flowId, 'passkey');
    expect(await f.core.signIn.secondFactor(step.flowId, { kind: 'passkey', ceremonyId: flowId, response: device.assert(options) as never }, CLI_ACTOR)).toMatchObject({
      kind: 'success',
    });
    f.clock.advance(30_000);
    await expect(f.core.signIn.secondFactor(step.flowId, { kind: 'totp', code: await totpCodeAt(secret, f.clock.now()) }, CLI_ACTOR)).rejects.toMatchObject({
      code: 'flow_expired',
    });
    expect(f.core.audit.trail({ action: 'sign_in', outcome: 'success' }).map((e) => [e.method, e.detail])).toEqual([['passkey', 'pwd hwk user mfa']]);
  });
});

describe('a passkey used twice at once', () => {
  it('signs in once: the other use is refused as a concurrent use', async () => {
    await register();
    const [a, b] = [await f.core.signIn.beginPasskey(), await f.core.signIn.beginPasskey()];
    const outcomes = await Promise.all([
      f.core.signIn.finishPasskey(a.flowId, device.assert(a.options, { counter: 5 }) as never, CLI_ACTOR),
      f.core.signIn.finishPasskey(b.flowId, device.assert(b.options, { counter: 5 }) as never, CLI_ACTOR),
    ]);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['failed', 'success']);
    expect(f.core.audit.trail({ action: 'sign_in', outcome: 'failed' }).map((e) => e.detail)).toEqual(['counter regression: a concurrent use of the same passkey']);
  });
});
