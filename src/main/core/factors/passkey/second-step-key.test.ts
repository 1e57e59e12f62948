// A security key that cannot verify its user (no PIN, no fingerprint): what Electron gives where
// no platform authenticator exists, since it has no PIN prompt. Kept as a second step after a
// password, never a sign-in on its own (passkeys.test.ts has the passkeys that verify their user).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI_ACTOR, createCoreFixture, type CoreFixture } from '../../../../../test/support/core.js';
import { SoftAuthenticator } from '../../../../../test/support/soft-authenticator.js';

let f: CoreFixture;
let userId: string;
let device: SoftAuthenticator;

beforeEach(async () => {
  f = await createCoreFixture();
  userId = (await f.core.accounts.create({ email: 'pia@example.com', displayName: 'Pia', password: 'pia has a long passphrase' }, CLI_ACTOR)).id;
  device = new SoftAuthenticator({ origin: 'http://gatehouse.localhost', rpId: 'gatehouse.localhost' });
});
afterEach(() => f.cleanup());

async function signIn(knobs = {}, credential = device.credentials.at(-1)) {
  const { flowId, options } = await f.core.signIn.beginPasskey();
  return f.core.signIn.finishPasskey(flowId, device.assert(options, knobs, credential) as never, CLI_ACTOR);
}

describe('a security key that cannot verify its user (Electron, where no platform authenticator exists, has no PIN prompt)', () => {
  async function registerKey(knobs = {}) {
    const { flowId, options } = await f.core.passkeys.beginRegistration(userId, 'second_step_key');
    // Not discoverable (Chromium makes a discoverable credential only with a PIN), no verification asked.
    expect(options.authenticatorSelection).toMatchObject({ residentKey: 'discouraged', requireResidentKey: false, userVerification: 'discouraged' });
    return f.core.passkeys.finishRegistration(userId, flowId, device.register(options, knobs) as never, '', CLI_ACTOR);
  }

  it('is kept as a second step only when asked for as one, and says so; asked for as a passkey, it must verify its user', async () => {
    const { passkey } = await registerKey({ userVerified: false });
    expect(passkey).toMatchObject({ secondStepOnly: true, name: expect.stringMatching(/^Security key, /) });
    // A key that verified its user anyway is a passkey like any other.
    expect((await registerKey({})).passkey).toMatchObject({ secondStepOnly: false });
    for (const kind of ['platform', 'security_key'] as const) {
      const ceremony = await f.core.passkeys.beginRegistration(userId, kind);
      await expect(
        f.core.passkeys.finishRegistration(userId, ceremony.flowId, device.register(ceremony.options, { userVerified: false }) as never, 'x', CLI_ACTOR),
      ).rejects.toMatchObject({
        code: 'invalid_input',
      });
    }
    expect(f.core.passkeys.list(userId)).toHaveLength(2);
  });

  it('completes a sign-in after the password, with amr pwd, hwk, mfa (no user): verification asked for where it can be given', async () => {
    await registerKey({ userVerified: false });
    const step = await f.core.signIn.password('pia@example.com', 'pia has a long passphrase');
    if (step.kind !== 'second_factor_required') throw new Error(step.kind);
    const { flowId, options } = await f.core.signIn.beginSecondFactor(step.flowId, 'passkey');
    expect(options.userVerification).toBe('preferred');
    const outcome = await f.core.signIn.secondFactor(
      step.flowId,
      { kind: 'passkey', ceremonyId: flowId, response: device.assert(options, { userVerified: false }) as never },
      CLI_ACTOR,
    );
    expect(outcome).toMatchObject({ kind: 'success', session: { amr: ['pwd', 'hwk', 'mfa'] } });
  });

  it('never signs in on its own: not usernameless; and no challenge given for a second step finishes a sign-in, whatever the key', async () => {
    await registerKey({ userVerified: false });
    expect(await signIn({ userVerified: false })).toEqual({ kind: 'failed' });
    // A key that did verify its user is a passkey; still, a challenge given for a second step is not a sign-in's.
    await registerKey({});
    const step = await f.core.signIn.password('pia@example.com', 'pia has a long passphrase');
    if (step.kind !== 'second_factor_required') throw new Error(step.kind);
    const secondStep = await f.core.signIn.beginSecondFactor(step.flowId, 'passkey');
    expect(await f.core.signIn.finishPasskey(secondStep.flowId, device.assert(secondStep.options) as never, CLI_ACTOR)).toEqual({ kind: 'failed' });
    expect(f.core.audit.trail({ action: 'sign_in', outcome: 'failed' }).map((e) => e.detail)).toEqual([
      'a key kept as a second step used to sign in on its own',
      'a ceremony for a second step used for a whole sign in',
    ]);
    expect(f.core.audit.trail({ action: 'sign_in', outcome: 'success' })).toEqual([]);
  });

  it('still never signs in on its own once it verifies its user (a PIN set on it later, by whoever holds it)', async () => {
    await registerKey({ userVerified: false });
    // Unlocking is offered only with a passkey that can sign in on its own, and names none of these keys.
    expect(f.core.selfService.reauthOptions(userId).passkey).toBe(false);
    const unlock = await f.core.signIn.beginPasskeyUnlock(userId);
    expect(unlock.options.allowCredentials).toEqual([]);
    expect(await f.core.signIn.finishPasskeyUnlock(userId, unlock.flowId, device.assert(unlock.options, { userVerified: true }) as never, CLI_ACTOR)).toEqual({ kind: 'failed' });
    expect(await signIn({ userVerified: true })).toEqual({ kind: 'failed' });
    expect(f.core.audit.trail({ action: 'sign_in', outcome: 'failed' }).map((e) => e.detail)).toEqual([
      'a key kept as a second step used to sign in on its own',
      'a key kept as a second step used to sign in on its own',
    ]);
    // As the second step it says possession, not that its user was verified.
    const step = await f.core.signIn.password('pia@example.com', 'pia has a long passphrase');
    if (step.kind !== 'second_factor_required') throw new Error(step.kind);
    const { flowId, options } = await f.core.signIn.beginSecondFactor(step.flowId, 'passkey');
    expect(
      await f.core.signIn.secondFactor(step.flowId, { kind: 'passkey', ceremonyId: flowId, response: device.assert(options, { userVerified: true }) as never }, CLI_ACTOR),
    ).toMatchObject({
      kind: 'success',
      session: { amr: ['pwd', 'hwk', 'mfa'] },
    });
  });
});
