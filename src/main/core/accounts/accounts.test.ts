import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI_ACTOR, createCoreFixture, type CoreFixture } from '../../../../test/support/core.js';
import { totpCodeAt } from '../factors/totp/totp.js';

let f: CoreFixture;
beforeEach(async () => {
  f = await createCoreFixture();
});
afterEach(() => f.cleanup());

const add = (email: string, extra: { isAdmin?: boolean; password?: string } = {}) =>
  f.core.accounts.create({ email, password: extra.password ?? 'a perfectly fine passphrase', isAdmin: extra.isAdmin }, CLI_ACTOR);

describe('the account list', () => {
  it('shows each account as showing it alone does, in the order they were made, and pages without gaps', async () => {
    for (const name of ['gus', 'ann', 'bo', 'cy', 'di']) {
      await add(`${name}@example.com`);
      f.clock.advance(name === 'bo' ? 0 : 1000); // two made in the same millisecond: then by address
    }
    const { secret } = f.core.selfService.beginTotp(f.core.accounts.show('cy@example.com').id, 'phone', CLI_ACTOR);
    await f.core.selfService.confirmTotp(f.core.accounts.show('cy@example.com').id, 'phone', await totpCodeAt(secret, f.clock.now()), CLI_ACTOR);
    for (let i = 0; i < 5; i++) await f.core.signIn.password('di@example.com', 'wrong');
    f.core.accounts.disable('ann@example.com', CLI_ACTOR);
    f.core.policy.update({ passwordMaxAgeDays: 90 }, CLI_ACTOR);

    const all = f.core.accounts.list();
    expect(all.map((a) => a.email)).toEqual(['gus@example.com', 'ann@example.com', 'bo@example.com', 'cy@example.com', 'di@example.com']);
    expect(all).toEqual(all.map((a) => f.core.accounts.show(a.email)));
    expect(all.find((a) => a.email === 'cy@example.com')!.secondFactors).toEqual({ authenticatorApps: 1, passkeys: 0 });
    expect(all.find((a) => a.email === 'di@example.com')!.signInState).toMatchObject({ kind: expect.stringMatching(/blocked|locked/) });
    const first = f.core.accounts.list({ limit: 2 });
    const second = f.core.accounts.list({ afterEmail: first.at(-1)!.email, limit: 2 });
    const third = f.core.accounts.list({ afterEmail: second.at(-1)!.email, limit: 2 });
    expect([...first, ...second, ...third]).toEqual(all);
    // After an account that is gone: said, never an empty page that looks like the end.
    expect(() => f.core.accounts.list({ afterEmail: 'gone@example.com', limit: 2 })).toThrow(/no account gone@example.com to list after/);
  });
});

describe('accounts', () => {
  it('makes the first account of a store an administrator, and later ones not', async () => {
    expect((await add('first@example.com')).isAdmin).toBe(true);
    expect((await add('second@example.com')).isAdmin).toBe(false);
    expect((await add('third@example.com', { isAdmin: true })).isAdmin).toBe(true);
  });

  it('uses the local part of the email as the name when none is given', async () => {
    expect((await add('dana@example.com')).displayName).toBe('dana');
  });

  it('refuses a second account with the same email in any case', async () => {
    await add('erin@example.com');
    await expect(add('ERIN@example.com')).rejects.toMatchObject({ code: 'conflict' });
  });

  it('refuses a weak password with every broken rule and stores nothing', async () => {
    await expect(add('frank@example.com', { password: 'password' })).rejects.toMatchObject({
      code: 'password_rejected',
      problems: [{ rule: 'too_short', min: 15 }, { rule: 'blocklisted' }],
    });
    expect(f.core.accounts.list()).toEqual([]);
  });

  it('never disables or deletes the only active administrator', async () => {
    await add('admin@example.com');
    await add('user@example.com');
    expect(() => f.core.accounts.remove('admin@example.com', CLI_ACTOR)).toThrow(/only active administrator/);
    expect(() => f.core.accounts.disable('admin@example.com', CLI_ACTOR)).toThrow(/only active administrator/);
    await add('admin2@example.com', { isAdmin: true });
    f.core.accounts.remove('admin@example.com', CLI_ACTOR);
    expect(
      f.core.accounts
        .list()
        .map((a) => a.email)
        .sort(),
    ).toEqual(['admin2@example.com', 'user@example.com']);
  });

  it('never lets an administrator disable or delete the account they act from, whoever calls the core', async () => {
    const admin = await add('admin@example.com');
    await add('admin2@example.com', { isAdmin: true });
    const self = { kind: 'user', id: admin.id, email: admin.email } as const;
    expect(() => f.core.accounts.disable(' ADMIN@example.com ', self)).toThrow('You cannot disable your own account while signed in to it.');
    expect(() => f.core.accounts.remove('admin@example.com', self)).toThrow('You cannot delete your own account while signed in to it.');
    expect(f.core.accounts.show('admin@example.com').status).toBe('active');
    // Another administrator may.
    f.core.accounts.disable('admin2@example.com', self);
    expect(f.core.accounts.show('admin2@example.com').status).toBe('disabled');
  });

  it('makes an account without a password, which no password opens, nothing expires and no admin can force', async () => {
    await add('admin@example.com');
    const view = await f.core.accounts.create({ email: 'nopw@example.com' }, CLI_ACTOR);
    expect(view).toMatchObject({ hasPassword: false, passwordChangedAt: null, passwordExpiresAt: null, mustChangePassword: false, isAdmin: false });
    expect(await f.core.signIn.password('nopw@example.com', '')).toEqual({ kind: 'failed' });
    expect(() => f.core.accounts.expirePassword('nopw@example.com', CLI_ACTOR)).toThrow('nopw@example.com has no password to replace: it signs in another way.');
    expect(f.core.audit.trail({ action: 'account.create', email: 'nopw@example.com' })).toMatchObject([{ detail: 'no password' }]);
  });

  it('refuses an account without a password that is the first, an administrator, or told to change it', async () => {
    await expect(f.core.accounts.create({ email: 'first@example.com' }, CLI_ACTOR)).rejects.toThrow('The first account is the administrator and needs a password.');
    await add('admin@example.com');
    await expect(f.core.accounts.create({ email: 'boss@example.com', isAdmin: true }, CLI_ACTOR)).rejects.toThrow(/^An administrator needs a password/);
    await expect(f.core.accounts.create({ email: 'temp@example.com', mustChangePassword: true }, CLI_ACTOR)).rejects.toThrow(/has none to replace/);
    expect(f.core.accounts.list().map((a) => a.email)).toEqual(['admin@example.com']);
  });

  it('answers not_found for an unknown account and invalid_input for a malformed email', async () => {
    expect(() => f.core.accounts.show('ghost@example.com')).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(() => f.core.accounts.show('not an email')).toThrow(expect.objectContaining({ code: 'invalid_input' }));
  });

  it('keeps an append-only audit trail that not even the store owner can rewrite', async () => {
    await add('gina@example.com');
    expect(f.core.audit.trail().map((e) => [e.action, e.actor, e.outcome])).toEqual([['account.create', 'cli:tester', 'success']]);
    const db = (f.store as unknown as { db: { prepare(sql: string): { run(): unknown } } }).db;
    expect(() => db.prepare(`UPDATE audit SET outcome = 'failed'`).run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit').run()).toThrow(/append-only/);
  });
});

describe('changePassword', () => {
  const OLD = 'the old passphrase here';
  const NEW = 'a brand new passphrase';

  it('requires the current password and then accepts the new one', async () => {
    const { id } = await add('hank@example.com', { password: OLD });
    expect(await f.core.selfService.changePassword(id, 'not the current one', NEW, CLI_ACTOR)).toEqual({ kind: 'failed' });
    expect(await f.core.selfService.changePassword(id, OLD, NEW, CLI_ACTOR)).toEqual({ kind: 'success' });
    expect(await f.core.signIn.password('hank@example.com', OLD)).toEqual({ kind: 'failed' });
    expect(await f.core.signIn.password('hank@example.com', NEW)).toMatchObject({ kind: 'success' });
  });

  it('refuses the current password as the new one, even with no history kept, and keeps it', async () => {
    const { id } = await add('gus@example.com', { password: OLD });
    expect(f.core.policy.current().passwordHistory).toBe(0);
    await expect(f.core.selfService.changePassword(id, OLD, OLD, CLI_ACTOR)).rejects.toMatchObject({
      code: 'password_rejected',
      message: 'The password was refused: choose a password different from your current one.',
      problems: [{ rule: 'same_as_current' }],
    });
    expect(await f.core.signIn.password('gus@example.com', OLD)).toMatchObject({ kind: 'success' });
  });

  it('throttles wrong current passwords like sign-in failures', async () => {
    const { id } = await add('ivy@example.com', { password: OLD });
    for (let i = 0; i < 5; i++) await f.core.selfService.changePassword(id, 'guess', NEW, CLI_ACTOR);
    expect(await f.core.selfService.changePassword(id, OLD, NEW, CLI_ACTOR)).toMatchObject({ kind: 'locked' });
  });

  it('checks the new password before spending an attempt on the current one', async () => {
    const { id } = await add('jack@example.com', { password: OLD });
    for (let i = 0; i < 6; i++) await expect(f.core.selfService.changePassword(id, 'guess', 'short', CLI_ACTOR)).rejects.toMatchObject({ code: 'password_rejected' });
    expect(await f.core.selfService.changePassword(id, OLD, NEW, CLI_ACTOR)).toEqual({ kind: 'success' });
  });

  it('refuses the last N passwords when history is on, and only those', async () => {
    f.core.policy.update({ passwordHistory: 2 }, CLI_ACTOR);
    const { id } = await add('kim@example.com', { password: 'passphrase number one' });
    await expect(f.core.selfService.changePassword(id, 'passphrase number one', 'passphrase number one', CLI_ACTOR)).rejects.toMatchObject({
      problems: [{ rule: 'same_as_current' }],
    });
    await f.core.selfService.changePassword(id, 'passphrase number one', 'passphrase number two', CLI_ACTOR);
    await expect(f.core.selfService.changePassword(id, 'passphrase number two', 'passphrase number one', CLI_ACTOR)).rejects.toMatchObject({
      problems: [{ rule: 'reused', history: 2 }],
    });
    await f.core.selfService.changePassword(id, 'passphrase number two', 'passphrase number three', CLI_ACTOR);
    // Number one is now three passwords back: allowed again with a history of two.
    expect(await f.core.selfService.changePassword(id, 'passphrase number three', 'passphrase number one', CLI_ACTOR)).toEqual({ kind: 'success' });
  });

  it('without a history, keeps no old hash', async () => {
    const { id } = await add('same@example.com', { password: OLD });
    expect(await f.core.selfService.changePassword(id, OLD, NEW, CLI_ACTOR)).toEqual({ kind: 'success' });
    expect(f.store.users.passwordHistory(id, 100)).toEqual([]);
  });

  it('keeps no more old hashes than the history needs, and reads only as many as it asks for now', async () => {
    f.core.policy.update({ passwordHistory: 4 }, CLI_ACTOR);
    const { id } = await add('max@example.com', { password: 'passphrase number one' });
    for (const [from, to] of [
      ['one', 'two'],
      ['two', 'three'],
      ['three', 'four'],
      ['four', 'five'],
      ['five', 'six'],
    ]) {
      expect(await f.core.selfService.changePassword(id, `passphrase number ${from}`, `passphrase number ${to}`, CLI_ACTOR)).toEqual({ kind: 'success' });
    }
    // The current one counts as one of the four: three retired hashes are kept, not five.
    expect(f.store.users.passwordHistory(id, 100)).toHaveLength(3);
    f.core.policy.update({ passwordHistory: 2 }, CLI_ACTOR);
    // Now only "five" (and the current "six") are off limits; "four" is three back.
    await expect(f.core.selfService.changePassword(id, 'passphrase number six', 'passphrase number five', CLI_ACTOR)).rejects.toThrow(
      'The password was refused: do not reuse any of your last 2 passwords.',
    );
    expect(await f.core.selfService.changePassword(id, 'passphrase number six', 'passphrase number four', CLI_ACTOR)).toEqual({ kind: 'success' });
  });

  it('records each attempt, and a right current password clears the count of wrong ones', async () => {
    const { id } = await add('nia@example.com', { password: OLD });
    for (let i = 0; i < 3; i++) await f.core.selfService.changePassword(id, 'guess', NEW, CLI_ACTOR);
    expect(f.store.throttle.get('nia@example.com').consecutiveFailures).toBe(3);
    expect(await f.core.selfService.changePassword(id, OLD, NEW, CLI_ACTOR)).toEqual({ kind: 'success' });
    expect(f.store.throttle.get('nia@example.com').consecutiveFailures).toBe(0);
    for (let i = 0; i < 5; i++) await f.core.selfService.changePassword(id, 'guess', 'yet another passphrase', CLI_ACTOR);
    expect(await f.core.selfService.changePassword(id, NEW, 'yet another passphrase', CLI_ACTOR)).toEqual({ kind: 'locked', retryAfterMs: 5 * 60_000 });
    const changes = f.core.audit.trail({ action: 'password.change' }).map(({ outcome, detail }) => [outcome, detail]);
    expect(changes).toEqual([...Array(3).fill(['failed', 'wrong current password']), ['success', null], ...Array(5).fill(['failed', 'wrong current password']), ['locked', null]]);
  });

  it('"confirm it’s you" is throttled and audited like a sign-in', async () => {
    const { id } = await add('ola@example.com', { password: OLD });
    expect(await f.core.selfService.confirmPassword(id, OLD, CLI_ACTOR)).toEqual({ kind: 'verified' });
    for (let i = 0; i < 5; i++) expect(await f.core.selfService.confirmPassword(id, 'guess', CLI_ACTOR)).toEqual({ kind: 'failed' });
    expect(await f.core.selfService.confirmPassword(id, OLD, CLI_ACTOR)).toEqual({ kind: 'locked', retryAfterMs: 5 * 60_000 });
    expect(f.core.audit.trail({ action: 'reauthenticate' }).map((e) => [e.method, e.outcome])).toEqual([
      ['password', 'success'],
      ...Array(5).fill(['password', 'failed']),
      ['password', 'locked'],
    ]);
    await expect(f.core.selfService.confirmPassword('no-such-id', OLD, CLI_ACTOR)).rejects.toThrow('This account no longer exists.');
    await expect(f.core.selfService.changePassword('no-such-id', OLD, NEW, CLI_ACTOR)).rejects.toThrow('This account no longer exists.');
  });

  it('clears a forced change once the password is changed', async () => {
    const { id } = await add('lee@example.com', { password: OLD });
    f.core.accounts.expirePassword('lee@example.com', CLI_ACTOR);
    await f.core.selfService.changePassword(id, OLD, NEW, CLI_ACTOR);
    expect(await f.core.signIn.password('lee@example.com', NEW)).toMatchObject({ kind: 'success' });
  });
});

describe('what each administrative action leaves, and how each refusal is worded', () => {
  const trail = () => f.core.audit.trail().map(({ actor, action, email, outcome, detail }) => ({ actor, action, email, outcome, detail }));

  it('records every change to an account in the audit trail, with who did it', async () => {
    await add('root@example.com');
    const ada = await add('ada@example.com');
    f.core.selfService.rename(ada.id, 'Ada L.', { kind: 'user', id: ada.id, email: 'ada@example.com' });
    f.core.accounts.disable('ada@example.com', CLI_ACTOR);
    f.core.accounts.enable('ada@example.com', CLI_ACTOR);
    f.core.accounts.unlock('ada@example.com', CLI_ACTOR);
    f.core.accounts.expirePassword('ada@example.com', CLI_ACTOR);
    f.core.accounts.remove('ada@example.com', CLI_ACTOR);
    const cli = 'cli:tester';
    expect(trail()).toEqual([
      { actor: cli, action: 'account.create', email: 'root@example.com', outcome: 'success', detail: 'admin' },
      { actor: cli, action: 'account.create', email: 'ada@example.com', outcome: 'success', detail: null },
      { actor: 'user:ada@example.com', action: 'account.rename', email: 'ada@example.com', outcome: 'success', detail: null },
      { actor: cli, action: 'account.disable', email: 'ada@example.com', outcome: 'success', detail: null },
      { actor: cli, action: 'account.enable', email: 'ada@example.com', outcome: 'success', detail: null },
      { actor: cli, action: 'account.unlock', email: 'ada@example.com', outcome: 'success', detail: null },
      { actor: cli, action: 'account.expire_password', email: 'ada@example.com', outcome: 'success', detail: null },
      { actor: cli, action: 'account.delete', email: 'ada@example.com', outcome: 'success', detail: null },
    ]);
  });

  it('shows each change in the account view', async () => {
    await add('root@example.com');
    const ada = await f.core.accounts.create({ email: 'ada@example.com', password: 'a perfectly fine passphrase', mustChangePassword: true }, CLI_ACTOR);
    expect(ada).toMatchObject({
      isAdmin: false,
      status: 'active',
      mustChangePassword: true,
      hasPassword: true,
      createdAt: f.clock.now(),
      passwordChangedAt: f.clock.now(),
      lastSignInAt: null,
      emailVerifiedAt: null,
      phone: null,
      phoneVerifiedAt: null,
      signInState: { kind: 'open' },
    });
    expect(await add('bob@example.com')).toMatchObject({ mustChangePassword: false });
    expect(f.core.selfService.rename(ada.id, '  Ada  ', CLI_ACTOR)).toMatchObject({ displayName: 'Ada' });
    expect(f.core.accounts.show('ada@example.com').displayName).toBe('Ada');
    expect(f.core.accounts.disable('ada@example.com', CLI_ACTOR)).toMatchObject({ status: 'disabled' });
    expect(f.core.accounts.enable('ada@example.com', CLI_ACTOR)).toMatchObject({ status: 'active' });
    expect(f.core.accounts.expirePassword('bob@example.com', CLI_ACTOR)).toMatchObject({ mustChangePassword: true });
  });

  it('words each refusal so the person can act on it', async () => {
    const root = await add('root@example.com');
    await expect(add('ROOT@example.com')).rejects.toThrow('An account with the email root@example.com already exists.');
    await expect(f.core.accounts.create({ email: 'late@example.com', password: 'a perfectly fine passphrase', onlyIfFirst: true }, CLI_ACTOR)).rejects.toThrow(
      'Gatehouse is already set up. Sign in instead.',
    );
    expect(() => f.core.accounts.disable('nobody@example.com', CLI_ACTOR)).toThrow('There is no account with the email nobody@example.com.');
    expect(() => f.core.accounts.remove('root@example.com', CLI_ACTOR)).toThrow('Cannot delete root@example.com: it is the only active administrator.');
    expect(() => f.core.selfService.rename('no-such-id', 'x', CLI_ACTOR)).toThrow('This account no longer exists.');
    expect(() => f.core.selfService.rename(root.id, 'Eve\u202e', CLI_ACTOR)).toThrow('A name cannot contain control or text-direction characters.');
    expect(() => f.core.selfService.rename(root.id, 'x'.repeat(101), CLI_ACTOR)).toThrow('The name is longer than 100 characters.');
    expect(f.core.selfService.rename(root.id, 'x'.repeat(100), CLI_ACTOR).displayName).toHaveLength(100);
    await expect(add('weak@example.com', { password: 'short' })).rejects.toThrow(/^The password was refused: .+\.$/);
    expect(f.core.accounts.list()).toHaveLength(1);
  });

  it('keeps names in one Unicode form, so the same name typed two ways is one name', async () => {
    const root = await add('root@example.com');
    expect(f.core.selfService.rename(root.id, 'Zoe\u0301', CLI_ACTOR).displayName).toBe('Zo\u00e9');
  });

  it('lets an inactive administrator go when another is active, but never the last active one', async () => {
    await add('root@example.com');
    await add('second@example.com', { isAdmin: true });
    f.core.accounts.disable('second@example.com', CLI_ACTOR);
    expect(() => f.core.accounts.disable('root@example.com', CLI_ACTOR)).toThrow(/only active administrator/);
    f.core.accounts.remove('second@example.com', CLI_ACTOR); // disabled: not the last active one
    expect(f.core.accounts.list().map((a) => a.email)).toEqual(['root@example.com']);
  });

  it('gives a new account, and forgets a deleted one’s, throttle state', async () => {
    await add('root@example.com');
    for (let i = 0; i < 5; i++) await f.core.signIn.password('soon@example.com', `guess ${i}`);
    expect(f.store.throttle.get('soon@example.com').blockedUntil).not.toBeNull();
    await add('soon@example.com');
    expect(f.core.accounts.show('soon@example.com').signInState).toEqual({ kind: 'open' });
    for (let i = 0; i < 5; i++) await f.core.signIn.password('soon@example.com', `guess ${i}`);
    f.core.accounts.remove('soon@example.com', CLI_ACTOR);
    expect(f.store.throttle.get('soon@example.com').consecutiveFailures).toBe(0);
  });
});

describe('the policy and the small lookups', () => {
  it('records each policy change with exactly what changed, and refuses a bad one with its field', async () => {
    f.core.policy.update({ passwordHistory: 3, requireMfa: 'admins' }, CLI_ACTOR);
    expect(f.core.audit.trail({ action: 'policy.update' }).map((e) => [e.outcome, e.detail])).toEqual([['success', '{"passwordHistory":3,"requireMfa":"admins"}']]);
    expect(() => f.core.policy.update({ passwordMinLength: 4 }, CLI_ACTOR)).toThrow(
      expect.objectContaining({ field: 'passwordMinLength', message: 'The minimum password length must be at least 8.' }),
    );
    expect(() => f.core.policy.update({ passwordColour: 'blue' } as never, CLI_ACTOR)).toThrow('The request has a field Gatehouse does not know: passwordColour.');
    expect(f.core.policy.current()).toMatchObject({ passwordHistory: 3, requireMfa: 'admins', passwordMinLength: 15 });
  });

  it('makes no recovery codes for an account without two-step verification, and says why', async () => {
    const { id } = await add('solo@example.com');
    await expect(f.core.selfService.regenerateRecoveryCodes(id, CLI_ACTOR)).rejects.toThrow(
      'Recovery codes come with two-step verification: add an authenticator app or a passkey first.',
    );
    expect(() => f.core.selfService.beginTotp('no-such-id', 'phone', CLI_ACTOR)).toThrow('This account no longer exists.');
  });

  it('has no passkey name for a credential id it does not hold', async () => {
    expect(f.core.passkeys.nameOf('bm90LWEtcGFzc2tleQ')).toBeNull();
  });
});

describe('creating accounts at the edges', () => {
  it('judges the first account’s password as an administrator’s, before any account exists', async () => {
    f.core.policy.update({ requireMfa: 'admins' }, CLI_ACTOR);
    // Administrators must have a second factor under "admins": 8 characters are enough for them.
    expect(await f.core.accounts.create({ email: 'first@example.com', password: 'k9#vXq2!zz' }, CLI_ACTOR)).toMatchObject({ isAdmin: true });
    await expect(f.core.accounts.create({ email: 'second@example.com', password: 'k9#vXq2!zz' }, CLI_ACTOR)).rejects.toMatchObject({ code: 'password_rejected' });
  });

  it('lets exactly one of two racing creations of the same address win', async () => {
    await add('root@example.com');
    const results = await Promise.allSettled([add('twin@example.com'), add('TWIN@example.com')]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'conflict', message: 'An account with the email twin@example.com already exists.' } });
    expect(f.core.accounts.list().filter((a) => a.email === 'twin@example.com')).toHaveLength(1);
  });

  it('lists every rule a password breaks, in one sentence', async () => {
    await expect(add('weak@example.com', { password: 'password' })).rejects.toThrow(/^The password was refused: [^;]+; [^;]+\.$/);
  });

  it('says which action the last administrator is protected from', async () => {
    await add('root@example.com');
    expect(() => f.core.accounts.disable('root@example.com', CLI_ACTOR)).toThrow('Cannot disable root@example.com: it is the only active administrator.');
  });

  it('shows an account without a password as such', async () => {
    f.store.users.insert({
      id: 'keys-only',
      email: 'keys@example.com',
      displayName: 'Keys',
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
    expect(f.core.accounts.byId('keys-only')).toMatchObject({ hasPassword: false, passwordExpiresAt: null });
    expect((await add('root@example.com')).hasPassword).toBe(true);
  });
});

describe('what an administrator does for others: role, name, temporary password, two-step reset', () => {
  const someone = (id: string, email: string) => ({ kind: 'user', id, email }) as const;

  it('makes an administrator and a user again, never the caller, never the last administrator', async () => {
    const ada = await add('ada@example.com');
    await add('bob@example.com');
    const self = someone(ada.id, ada.email);
    expect(f.core.accounts.setRole('bob@example.com', true, self).isAdmin).toBe(true);
    expect(f.core.accounts.setRole('bob@example.com', false, self).isAdmin).toBe(false);
    expect(() => f.core.accounts.setRole('ada@example.com', false, self)).toThrow('You cannot change the role of your own account while signed in to it.');
    expect(() => f.core.accounts.setRole('ada@example.com', false, CLI_ACTOR)).toThrow('Cannot make a user of ada@example.com: it is the only active administrator.');
    expect(f.core.audit.trail({ action: 'account.set_role' }).map((e) => [e.email, e.detail])).toEqual([
      ['bob@example.com', 'administrator'],
      ['bob@example.com', 'user'],
    ]);
  });

  it('renames an account, with the same rules as its owner has', async () => {
    await add('ada@example.com');
    expect(f.core.accounts.rename('ada@example.com', '  Ada Lovelace ', CLI_ACTOR).displayName).toBe('Ada Lovelace');
    expect(() => f.core.accounts.rename('ada@example.com', 'x'.repeat(101), CLI_ACTOR)).toThrow('The name is longer than 100 characters.');
  });

  it('sets a temporary password that opens the account once, to be changed; never a weak one, never for an administrator', async () => {
    const ada = await add('ada@example.com');
    await add('bob@example.com', { password: 'bob had a passphrase once' });
    const self = someone(ada.id, ada.email);
    await expect(f.core.accounts.setTemporaryPassword('bob@example.com', 'password', self)).rejects.toMatchObject({ code: 'password_rejected' });
    await expect(f.core.accounts.setTemporaryPassword('ada@example.com', 'a new temporary passphrase', self)).rejects.toThrow(
      'You cannot set a temporary password for your own account while signed in to it.',
    );
    const view = await f.core.accounts.setTemporaryPassword('bob@example.com', 'a new temporary passphrase', self);
    expect(view).toMatchObject({ mustChangePassword: true, hasPassword: true });
    expect(await f.core.signIn.password('bob@example.com', 'bob had a passphrase once', CLI_ACTOR)).toEqual({ kind: 'failed' });
    expect(await f.core.signIn.password('bob@example.com', 'a new temporary passphrase', CLI_ACTOR)).toMatchObject({ kind: 'expired', reason: 'forced' });
    expect(f.core.audit.trail({ action: 'account.reset_password' })).toMatchObject([{ email: 'bob@example.com', outcome: 'success' }]);
    // Never another administrator: made a user first, its own audited step.
    await add('cleo@example.com', { isAdmin: true });
    await expect(f.core.accounts.setTemporaryPassword('cleo@example.com', 'a new temporary passphrase', self)).rejects.toThrow(
      'cleo@example.com is an administrator: make them a user first to set a temporary password for them.',
    );
    expect(() => f.core.accounts.resetSecondFactors('cleo@example.com', self)).toThrow('make them a user first to reset two-step verification of them');
  });

  it('removes the authenticator apps and recovery codes of someone who lost them, and says when there are none', async () => {
    const ada = await add('ada@example.com');
    const bob = await add('bob@example.com');
    const { secret } = await f.core.selfService.beginTotp(bob.id, 'phone', CLI_ACTOR);
    await f.core.selfService.confirmTotp(bob.id, 'phone', await totpCodeAt(secret, f.clock.now()), CLI_ACTOR);
    expect(f.core.accounts.show('bob@example.com').secondFactors).toEqual({ authenticatorApps: 1, passkeys: 0 });
    const self = someone(ada.id, ada.email);
    expect(() => f.core.accounts.resetSecondFactors('ada@example.com', self)).toThrow('You cannot reset two-step verification of your own account while signed in to it.');
    expect(f.core.accounts.resetSecondFactors('bob@example.com', self).secondFactors).toEqual({ authenticatorApps: 0, passkeys: 0 });
    expect(f.core.selfService.secondFactors(bob.id)).toEqual({ authenticators: [], passkeys: 0, recoveryCodesRemaining: 0 });
    expect(await f.core.signIn.password('bob@example.com', 'a perfectly fine passphrase', CLI_ACTOR)).toMatchObject({ kind: 'success' });
    expect(f.core.audit.trail({ action: 'account.reset_second_factors' })).toMatchObject([
      { email: 'bob@example.com', detail: 'removed 1 authenticator app and 10 recovery codes' },
    ]);
    expect(() => f.core.accounts.resetSecondFactors('bob@example.com', self)).toThrow('bob@example.com has no authenticator app or recovery codes to remove.');
  });
});

describe('the audit trail, a page at a time', () => {
  it('pages newest first, matches any part of an address (LIKE characters as themselves), and keeps to a date range', async () => {
    for (const email of ['ada@example.com', 'bob@example.com', 'bo_b@example.com', 'carl%@example.com']) {
      await add(email);
      f.clock.advance(60_000);
    }
    const first = f.core.audit.page({ limit: 2 });
    expect(first.entries.map((e) => e.email)).toEqual(['carl%@example.com', 'bo_b@example.com']);
    expect(first.more).toBe(true);
    const second = f.core.audit.page({ limit: 2, beforeId: first.entries.at(-1)!.id });
    expect([second.entries.map((e) => e.email), second.more]).toEqual([['bob@example.com', 'ada@example.com'], false]);
    expect(f.core.audit.page({ limit: 10, emailContains: 'BO' }).entries.map((e) => e.email)).toEqual(['bo_b@example.com', 'bob@example.com']);
    expect(f.core.audit.page({ limit: 10, emailContains: 'o_b' }).entries.map((e) => e.email)).toEqual(['bo_b@example.com']);
    expect(f.core.audit.page({ limit: 10, emailContains: '%' }).entries.map((e) => e.email)).toEqual(['carl%@example.com']);
    const bob = f.core.audit.page({ limit: 10, emailContains: 'bob@' }).entries[0]!;
    expect(f.core.audit.page({ limit: 10, since: bob.at, until: bob.at + 1 }).entries.map((e) => e.email)).toEqual(['bob@example.com']);
  });
});
