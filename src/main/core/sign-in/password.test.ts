import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import * as argon2 from '../passwords/argon2.js';
import { CLI_ACTOR, createCoreFixture, TEST_KDF, type CoreFixture } from '../../../../test/support/core.js';
import { createGatehouse } from '../gatehouse.js';
import { loadCommonPasswords } from '../passwords/blocklist.js';
import { seededRandom } from '../../../../test/support/fakes.js';

const MINUTE = 60_000;
const PASSWORD = 'correct horse battery';
let f: CoreFixture;

beforeEach(async () => {
  f = await createCoreFixture();
  await f.core.accounts.create({ email: 'Alice@Example.com', displayName: 'Alice', password: PASSWORD }, CLI_ACTOR);
  await f.core.accounts.create({ email: 'bob@example.com', password: 'another long passphrase' }, CLI_ACTOR);
});
afterEach(() => f.cleanup());

describe('signInWithPassword', () => {
  it('signs in with the right password, whatever the case and spacing of the email', async () => {
    const outcome = await f.core.signIn.password('  ALICE@example.com ', PASSWORD);
    expect(outcome).toMatchObject({ kind: 'success', session: { email: 'alice@example.com', displayName: 'Alice', isAdmin: true, amr: ['pwd'], authTime: f.clock.now() } });
    expect(f.core.accounts.show('alice@example.com').lastSignInAt).toBe(f.clock.now());
  });

  it('answers an unknown email exactly as it answers a wrong password', async () => {
    const unknown = await f.core.signIn.password('nobody@example.com', PASSWORD);
    const wrong = await f.core.signIn.password('alice@example.com', 'wrong horse battery');
    expect(unknown).toEqual({ kind: 'failed' });
    expect(wrong).toEqual(unknown);
  });

  it('accepts the password typed in another Unicode normal form (NFC vs NFD)', async () => {
    const nfc = 'm\u00f6tley cr\u00fce \u00e9t\u00e9 forever';
    await f.core.accounts.create({ email: 'carol@example.com', password: nfc }, CLI_ACTOR);
    const nfd = nfc.normalize('NFD');
    expect(nfd).not.toBe(nfc);
    expect(await f.core.signIn.password('carol@example.com', nfd)).toMatchObject({ kind: 'success' });
  });

  it('accepts the compatibility form of a password (NFKC: a full-width or ligature character as typed elsewhere)', async () => {
    // "ﬁ" (U+FB01) and full-width "Ｐ" are what some keyboards and IMEs produce for "fi" and "P".
    await f.core.accounts.create({ email: 'dave@example.com', password: 'Pro\uFB01le of a long passphrase' }, CLI_ACTOR);
    expect('\uFF30rofile of a long passphrase'.normalize('NFC')).not.toBe('Profile of a long passphrase');
    expect(await f.core.signIn.password('dave@example.com', '\uFF30rofile of a long passphrase')).toMatchObject({ kind: 'success' });
    expect(await f.core.signIn.password('dave@example.com', 'Profile of a long passphrase')).toMatchObject({ kind: 'success' });
  });

  it('blocks an account for five minutes after five failures, then lets the right password in', async () => {
    for (let i = 0; i < 5; i++) expect(await f.core.signIn.password('alice@example.com', `wrong ${i}`)).toEqual({ kind: 'failed' });
    expect(await f.core.signIn.password('alice@example.com', PASSWORD)).toEqual({ kind: 'locked', retryAfterMs: 5 * MINUTE });
    f.clock.advance(5 * MINUTE - 1);
    expect(await f.core.signIn.password('alice@example.com', PASSWORD)).toEqual({ kind: 'locked', retryAfterMs: 1 });
    f.clock.advance(1);
    expect(await f.core.signIn.password('alice@example.com', PASSWORD)).toMatchObject({ kind: 'success' });
  });

  it("never lets one account's failures block another", async () => {
    for (let i = 0; i < 5; i++) await f.core.signIn.password('alice@example.com', 'wrong');
    expect(await f.core.signIn.password('bob@example.com', 'another long passphrase')).toMatchObject({ kind: 'success' });
  });

  it('throttles unknown emails the same way, so a block does not reveal an account', async () => {
    for (let i = 0; i < 5; i++) await f.core.signIn.password('nobody@example.com', 'wrong');
    expect(await f.core.signIn.password('nobody@example.com', 'wrong')).toEqual({ kind: 'locked', retryAfterMs: 5 * MINUTE });
  });

  it('counts parallel attempts before hashing, so a burst cannot exceed the limit', async () => {
    const burst = await Promise.all(Array.from({ length: 8 }, () => f.core.signIn.password('alice@example.com', 'wrong')));
    expect(burst.filter((o) => o.kind === 'failed')).toHaveLength(5);
    expect(burst.filter((o) => o.kind === 'locked')).toHaveLength(3);
  });

  it('locks the account after 100 consecutive failures until an administrator unlocks it', async () => {
    for (let i = 0; i < 100; i++) {
      const outcome = await f.core.signIn.password('alice@example.com', 'wrong');
      expect(outcome.kind).toBe('failed');
      if (i % 5 === 4) f.clock.advance(5 * MINUTE); // wait out each temporary block
    }
    expect(await f.core.signIn.password('alice@example.com', PASSWORD)).toEqual({ kind: 'locked' });
    f.clock.advance(30 * 24 * 60 * MINUTE);
    expect(await f.core.signIn.password('alice@example.com', PASSWORD)).toEqual({ kind: 'locked' });
    expect(f.core.accounts.show('alice@example.com').signInState).toEqual({ kind: 'locked' });
    f.core.accounts.unlock('alice@example.com', CLI_ACTOR);
    expect(await f.core.signIn.password('alice@example.com', PASSWORD)).toMatchObject({ kind: 'success' });
  });

  it('resets the consecutive count on success', async () => {
    for (let i = 0; i < 4; i++) await f.core.signIn.password('alice@example.com', 'wrong');
    await f.core.signIn.password('alice@example.com', PASSWORD);
    for (let i = 0; i < 4; i++) expect(await f.core.signIn.password('alice@example.com', 'wrong')).toEqual({ kind: 'failed' });
  });

  it('says a forced change is due only to someone who knows the password', async () => {
    f.core.accounts.expirePassword('alice@example.com', CLI_ACTOR);
    expect(await f.core.signIn.password('alice@example.com', 'wrong')).toEqual({ kind: 'failed' });
    const outcome = await f.core.signIn.password('alice@example.com', PASSWORD);
    expect(outcome).toEqual({ kind: 'expired', reason: 'forced', flowId: expect.any(String) });
    if (outcome.kind !== 'expired') throw new Error(outcome.kind);
    // The flow is Alice's: the new password signs her in.
    expect(await f.core.signIn.completePasswordChange(outcome.flowId, 'a brand new passphrase', CLI_ACTOR)).toMatchObject({
      kind: 'success',
      session: { email: 'alice@example.com' },
    });
  });

  it('expires passwords older than the maximum age, when an administrator set one', async () => {
    f.core.policy.update({ passwordMaxAgeDays: 30 }, CLI_ACTOR);
    f.clock.advance(30 * 24 * 60 * MINUTE - 1);
    expect(await f.core.signIn.password('alice@example.com', PASSWORD)).toMatchObject({ kind: 'success' });
    f.clock.advance(1);
    expect(await f.core.signIn.password('alice@example.com', PASSWORD)).toMatchObject({ kind: 'expired', reason: 'max_age' });
  });

  it('refuses a disabled account, telling only the holder of the password', async () => {
    f.core.accounts.disable('bob@example.com', CLI_ACTOR);
    expect(await f.core.signIn.password('bob@example.com', 'wrong')).toEqual({ kind: 'failed' });
    expect(await f.core.signIn.password('bob@example.com', 'another long passphrase')).toEqual({ kind: 'disabled' });
    f.core.accounts.enable('bob@example.com', CLI_ACTOR);
    expect(await f.core.signIn.password('bob@example.com', 'another long passphrase')).toMatchObject({ kind: 'success' });
  });

  it('rehashes with the current parameters after a successful sign-in', async () => {
    const stronger = { ...TEST_KDF, iterations: 2 };
    const core = createGatehouse({ store: f.store, clock: f.clock, random: seededRandom('rehash'), kdf: stronger, blocklist: loadCommonPasswords() });
    const before = f.store.users.findByEmail('alice@example.com')!.passwordHash!;
    const changedAt = f.store.users.findByEmail('alice@example.com')!.passwordChangedAt;
    expect(before).toContain('t=1');
    await core.signIn.password('alice@example.com', 'wrong');
    expect(f.store.users.findByEmail('alice@example.com')!.passwordHash).toBe(before);
    f.clock.advance(60_000);
    await core.signIn.password('alice@example.com', PASSWORD);
    expect(f.store.users.findByEmail('alice@example.com')!.passwordHash).toContain('t=2');
    // A new hash of the same password: its age, and a forced change, stay as they were.
    expect(f.store.users.findByEmail('alice@example.com')!.passwordChangedAt).toBe(changedAt);
    expect(await core.signIn.password('alice@example.com', PASSWORD)).toMatchObject({ kind: 'success' });
  });

  it("rehashes with the policy's parameters once an administrator sets them, and with the default again when they are cleared", async () => {
    f.core.policy.update({ passwordHashing: { memoryMiB: 19, iterations: 2, parallelism: 1 } }, CLI_ACTOR);
    f.clock.advance(60_000);
    await f.core.signIn.password('alice@example.com', PASSWORD);
    expect(f.store.users.findByEmail('alice@example.com')!.passwordHash).toMatch(/\$m=19456,t=2,p=1\$/);
    // New passwords too.
    const bob = await f.core.accounts.create({ email: 'newbob@example.com', password: 'a passphrase of his own' }, CLI_ACTOR);
    expect(f.store.users.findById(bob.id)!.passwordHash).toMatch(/\$m=19456,t=2,p=1\$/);
    f.core.policy.update({ passwordHashing: null }, CLI_ACTOR);
    f.clock.advance(60_000);
    await f.core.signIn.password('alice@example.com', PASSWORD);
    expect(f.store.users.findByEmail('alice@example.com')!.passwordHash).toContain(`m=${TEST_KDF.memoryKiB},t=${TEST_KDF.iterations}`);
  });

  it('records every attempt and outcome in the audit trail', async () => {
    await f.core.signIn.password('alice@example.com', 'wrong');
    await f.core.signIn.password('nobody@example.com', 'wrong');
    await f.core.signIn.password('alice@example.com', PASSWORD);
    const signIns = f.core.audit.trail({ action: 'sign_in' });
    expect(signIns.map((e) => [e.email, e.method, e.outcome])).toEqual([
      ['alice@example.com', 'password', 'failed'],
      ['nobody@example.com', 'password', 'failed'],
      ['alice@example.com', 'password', 'success'],
    ]);
    expect(signIns.every((e) => e.at === f.clock.now())).toBe(true);
  });
});

describe('completeExpiredPasswordChange', () => {
  it('takes the new password without the old one, once, and signs the user in', async () => {
    f.core.accounts.expirePassword('alice@example.com', CLI_ACTOR);
    const expired = await f.core.signIn.password('alice@example.com', PASSWORD);
    if (expired.kind !== 'expired') throw new Error('expected expired');
    await expect(f.core.signIn.completePasswordChange(expired.flowId, 'short', CLI_ACTOR)).rejects.toMatchObject({ code: 'password_rejected' });
    // A forced change to the same password is no change: refused, and the step stays open.
    await expect(f.core.signIn.completePasswordChange(expired.flowId, PASSWORD, CLI_ACTOR)).rejects.toMatchObject({
      code: 'password_rejected',
      problems: [{ rule: 'same_as_current' }],
    });
    const done = await f.core.signIn.completePasswordChange(expired.flowId, 'a fresh new passphrase', CLI_ACTOR);
    expect(done).toMatchObject({ kind: 'success', session: { email: 'alice@example.com', amr: ['pwd'] } });
    await expect(f.core.signIn.completePasswordChange(expired.flowId, 'another fresh passphrase', CLI_ACTOR)).rejects.toMatchObject({ code: 'flow_expired' });
    expect(await f.core.signIn.password('alice@example.com', 'a fresh new passphrase')).toMatchObject({ kind: 'success' });
  });
});

describe('an unknown email costs the same Argon2 verification as a wrong password', () => {
  it('verifies against a dummy hash made with the policy’s parameters, kept in the store and reused', async () => {
    const verify = vi.spyOn(argon2, 'verifyPassword');
    try {
      expect(await f.core.signIn.password('nobody@example.com', 'a guess at a password')).toEqual({ kind: 'failed' });
      const dummy = f.store.settings.get('dummy_password_hash', z.string())!;
      expect(dummy).toMatch(/^\$argon2id\$v=19\$m=1024,t=1,p=1\$/);
      expect(verify.mock.calls).toEqual([[dummy, 'a guess at a password']]);
      await f.core.signIn.password('someone-else@example.com', 'another guess');
      expect(verify.mock.calls[1]).toEqual([dummy, 'another guess']);
      expect(f.store.settings.get('dummy_password_hash', z.string())).toBe(dummy);
    } finally {
      verify.mockRestore();
    }
  });
});

describe('the sign-in trail and the throttle around each outcome', () => {
  const trail = () => f.core.audit.trail({ action: 'sign_in' }).map(({ method, email, outcome, detail }) => ({ method, email, outcome, detail }));

  it('records each outcome with what an administrator needs to know', async () => {
    await f.core.signIn.password('nobody@example.com', 'a guess');
    await f.core.signIn.password('alice@example.com', 'a wrong guess');
    await f.core.signIn.password('alice@example.com', PASSWORD);
    f.core.accounts.disable('bob@example.com', CLI_ACTOR);
    await f.core.signIn.password('bob@example.com', 'another long passphrase');
    f.core.accounts.expirePassword('alice@example.com', CLI_ACTOR);
    await f.core.signIn.password('alice@example.com', PASSWORD);
    for (let i = 0; i < 5; i++) await f.core.signIn.password('nobody@example.com', 'a guess');
    const password = 'password';
    expect(trail()).toEqual([
      { method: password, email: 'nobody@example.com', outcome: 'failed', detail: 'unknown account' },
      { method: password, email: 'alice@example.com', outcome: 'failed', detail: 'wrong password' },
      { method: password, email: 'alice@example.com', outcome: 'success', detail: 'pwd' },
      { method: password, email: 'bob@example.com', outcome: 'disabled', detail: null },
      { method: password, email: 'alice@example.com', outcome: 'expired', detail: 'forced' },
      ...Array(4).fill({ method: password, email: 'nobody@example.com', outcome: 'failed', detail: 'unknown account' }),
      { method: password, email: 'nobody@example.com', outcome: 'locked', detail: 'blocked' },
    ]);
  });

  it('clears the count of wrong guesses once the right password is given, disabled or not', async () => {
    await f.core.signIn.password('bob@example.com', 'a wrong guess');
    await f.core.signIn.password('bob@example.com', 'another wrong guess');
    f.core.accounts.disable('bob@example.com', CLI_ACTOR);
    expect(await f.core.signIn.password('bob@example.com', 'another long passphrase')).toEqual({ kind: 'disabled' });
    expect(f.store.throttle.get('bob@example.com').consecutiveFailures).toBe(0);
  });

  it('keeps the stored hash when it was made with the parameters in force', async () => {
    const before = f.store.users.findByEmail('alice@example.com')!;
    f.clock.advance(60_000);
    await f.core.signIn.password('alice@example.com', PASSWORD);
    expect(f.store.users.findByEmail('alice@example.com')).toMatchObject({ passwordHash: before.passwordHash, passwordChangedAt: before.passwordChangedAt });
  });
});
