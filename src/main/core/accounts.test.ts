import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI_ACTOR, createCoreFixture, type CoreFixture } from '../../../test/support/core.js';

let f: CoreFixture;
beforeEach(async () => {
  f = await createCoreFixture();
});
afterEach(() => f.cleanup());

const add = (email: string, extra: { isAdmin?: boolean; password?: string } = {}) =>
  f.core.createAccount({ email, password: extra.password ?? 'a perfectly fine passphrase', isAdmin: extra.isAdmin }, CLI_ACTOR);

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
    expect(f.core.listAccounts()).toEqual([]);
  });

  it('never disables or deletes the only active administrator', async () => {
    await add('admin@example.com');
    await add('user@example.com');
    expect(() => f.core.deleteAccount('admin@example.com', CLI_ACTOR)).toThrow(/only active administrator/);
    expect(() => f.core.disableAccount('admin@example.com', CLI_ACTOR)).toThrow(/only active administrator/);
    await add('admin2@example.com', { isAdmin: true });
    f.core.deleteAccount('admin@example.com', CLI_ACTOR);
    expect(f.core.listAccounts().map((a) => a.email).sort()).toEqual(['admin2@example.com', 'user@example.com']);
  });

  it('answers not_found for an unknown account and invalid_input for a malformed email', async () => {
    expect(() => f.core.showAccount('ghost@example.com')).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(() => f.core.showAccount('not an email')).toThrow(expect.objectContaining({ code: 'invalid_input' }));
  });

  it('keeps an append-only audit trail that not even the store owner can rewrite', async () => {
    await add('gina@example.com');
    expect(f.core.auditTrail().map((e) => [e.action, e.actor, e.outcome])).toEqual([['account.create', 'cli:tester', 'success']]);
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
    expect(await f.core.changePassword(id, 'not the current one', NEW, CLI_ACTOR)).toEqual({ kind: 'failed' });
    expect(await f.core.changePassword(id, OLD, NEW, CLI_ACTOR)).toEqual({ kind: 'success' });
    expect(await f.core.signInWithPassword('hank@example.com', OLD)).toEqual({ kind: 'failed' });
    expect(await f.core.signInWithPassword('hank@example.com', NEW)).toMatchObject({ kind: 'success' });
  });

  it('throttles wrong current passwords like sign-in failures', async () => {
    const { id } = await add('ivy@example.com', { password: OLD });
    for (let i = 0; i < 5; i++) await f.core.changePassword(id, 'guess', NEW, CLI_ACTOR);
    expect(await f.core.changePassword(id, OLD, NEW, CLI_ACTOR)).toMatchObject({ kind: 'locked' });
  });

  it('checks the new password before spending an attempt on the current one', async () => {
    const { id } = await add('jack@example.com', { password: OLD });
    for (let i = 0; i < 6; i++) await expect(f.core.changePassword(id, 'guess', 'short', CLI_ACTOR)).rejects.toMatchObject({ code: 'password_rejected' });
    expect(await f.core.changePassword(id, OLD, NEW, CLI_ACTOR)).toEqual({ kind: 'success' });
  });

  it('refuses the last N passwords when history is on, and only those', async () => {
    f.core.updatePolicy({ passwordHistory: 2 }, CLI_ACTOR);
    const { id } = await add('kim@example.com', { password: 'passphrase number one' });
    await expect(f.core.changePassword(id, 'passphrase number one', 'passphrase number one', CLI_ACTOR)).rejects.toMatchObject({ problems: [{ rule: 'reused', history: 2 }] });
    await f.core.changePassword(id, 'passphrase number one', 'passphrase number two', CLI_ACTOR);
    await expect(f.core.changePassword(id, 'passphrase number two', 'passphrase number one', CLI_ACTOR)).rejects.toMatchObject({ code: 'password_rejected' });
    await f.core.changePassword(id, 'passphrase number two', 'passphrase number three', CLI_ACTOR);
    // Number one is now three passwords back: allowed again with a history of two.
    expect(await f.core.changePassword(id, 'passphrase number three', 'passphrase number one', CLI_ACTOR)).toEqual({ kind: 'success' });
  });

  it('clears a forced change once the password is changed', async () => {
    const { id } = await add('lee@example.com', { password: OLD });
    f.core.expirePassword('lee@example.com', CLI_ACTOR);
    await f.core.changePassword(id, OLD, NEW, CLI_ACTOR);
    expect(await f.core.signInWithPassword('lee@example.com', NEW)).toMatchObject({ kind: 'success' });
  });
});
