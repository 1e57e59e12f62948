// Issue 15: a tamper-evident audit trail. Someone holding the store key can open the database
// and get past the append-only triggers; the links then show where the trail was changed.
import '../support/require-keyring.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEncryptedDatabase } from '../../src/main/store/database.js';
import { CLI_ACTOR, createCoreFixture, type CoreFixture } from '../support/core.js';

let f: CoreFixture;
beforeEach(async () => {
  f = await createCoreFixture();
  for (const name of ['ada', 'bob', 'cleo', 'dan']) {
    await f.core.accounts.create({ email: `${name}@example.com`, password: 'a passphrase long enough' }, CLI_ACTOR);
    f.clock.advance(1000);
  }
});
afterEach(() => f.cleanup());

/** The database as someone with the key would open it: past the triggers, writing what they like. */
function withTheKey(change: (db: ReturnType<typeof openEncryptedDatabase>['db']) => void): void {
  const opened = openEncryptedDatabase(f.store.path, f.key, { create: false });
  try {
    opened.db.exec('DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;');
    change(opened.db);
  } finally {
    opened.db.close();
  }
}

const ids = () => f.core.audit.trail().map((e) => e.id);

describe('the audit trail chain', () => {
  it('links every entry, and its head moves with each one', () => {
    const check = f.store.audit.verifyChain();
    expect(check).toMatchObject({ ok: true, rows: 4 });
    const head = f.store.audit.head()!;
    expect(head).toMatchObject({ id: ids().at(-1), chain: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    f.core.accounts.disable('dan@example.com', CLI_ACTOR);
    expect(f.store.audit.head()!.id).toBeGreaterThan(head.id);
    expect(f.store.audit.verifyChain()).toMatchObject({ ok: true, rows: 5 });
  });

  it('finds an entry edited with the key', () => {
    const target = ids()[1]!;
    withTheKey((db) => db.prepare("UPDATE audit SET detail = 'nothing happened' WHERE id = ?").run(target));
    expect(f.store.audit.verifyChain()).toMatchObject({ ok: false, brokenAt: target });
  });

  it('finds the very first entry edited, when the trail was never pruned', () => {
    const first = ids()[0]!;
    withTheKey((db) => db.prepare("UPDATE audit SET actor = 'cli:someone-else' WHERE id = ?").run(first));
    expect(f.store.audit.verifyChain()).toMatchObject({ ok: false, brokenAt: first });
  });

  it('finds an entry removed from the middle', () => {
    const [, second, third] = ids();
    withTheKey((db) => db.prepare('DELETE FROM audit WHERE id = ?').run(second));
    expect(f.store.audit.verifyChain()).toMatchObject({ ok: false, brokenAt: third });
  });

  it('finds an entry slipped in, whatever link it is given', () => {
    const last = ids().at(-1)!;
    withTheKey((db) =>
      db
        .prepare("INSERT INTO audit (at, actor, action, email, outcome, chain) VALUES (?, 'cli:mallory', 'account.delete', 'ada@example.com', 'success', ?)")
        .run(f.clock.now(), 'A'.repeat(43)),
    );
    const check = f.store.audit.verifyChain();
    expect(check).toMatchObject({ ok: false, brokenAt: last + 1 });
  });

  it('cannot tell a rewrite of the whole chain by someone with the key: only a head kept elsewhere can', () => {
    const kept = f.store.audit.head()!;
    // Remove the last entry: what is left is a valid chain, shorter than the head that was kept.
    withTheKey((db) => db.prepare('DELETE FROM audit WHERE id = ?').run(kept.id));
    expect(f.store.audit.verifyChain()).toMatchObject({ ok: true });
    expect(f.store.audit.head()!.id).toBeLessThan(kept.id);
  });
});
