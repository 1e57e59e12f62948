// Issue 16: the audit page's queries answer from indexes at any size (checked by SQLite's own
// query plan), return what they returned before, newest first, and page without gaps; the whole
// trail is read in batches for exports.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../../src/shared/index.js';
import { openEncryptedDatabase } from '../../src/main/store/database.js';
import { AuditRepository, pageStatement, type AuditQuery } from '../../src/main/store/audit.js';
import { createCoreFixture, type CoreFixture } from '../support/core.js';

let f: CoreFixture;
beforeEach(async () => {
  f = await createCoreFixture();
});
afterEach(() => f.cleanup());

/** Entries for `people` addresses, round-robin over a few actions and results; `at` goes up with a few ties. */
function seed(count: number, people: number): void {
  f.store.transaction(() => {
    for (let i = 0; i < count; i++) {
      f.store.audit.append({
        at: 1_000_000 + Math.floor(i / 3) * 1000,
        actor: 'test',
        action: (['sign_in', 'account.create', 'account.disable'] as const)[i % 3]!,
        email: `person${i % people}@example.com`,
        outcome: i % 7 === 0 ? 'failed' : 'success',
      });
    }
  });
}

/** What a page should be: everything read, filtered and sorted in memory. */
function expected(query: AuditQuery): number[] {
  const all = [...f.store.audit.oldestFirst()].filter(
    (e) =>
      (query.email === undefined || e.email === query.email) &&
      (query.emailContains === undefined || (e.email ?? '').toLowerCase().includes(query.emailContains.toLowerCase())) &&
      (query.action === undefined || e.action === query.action) &&
      (query.outcome === undefined || e.outcome === query.outcome) &&
      (query.since === undefined || e.at >= query.since) &&
      (query.until === undefined || e.at < query.until),
  );
  return all
    .sort((a, b) => b.at - a.at || b.id - a.id)
    .slice(0, query.limit ?? Infinity)
    .map((e) => e.id);
}

describe('the audit page', () => {
  const queries: [string, AuditQuery][] = [
    ['no filter', {}],
    ['an action', { action: 'account.disable' }],
    ['a result', { outcome: 'failed' }],
    ['an address', { email: 'person3@example.com' }],
    ['part of an address, few match', { emailContains: 'PERSON1' }],
    ['part of an address, many match', { emailContains: 'example' }],
    ['a date range', { since: 1_010_000, until: 1_030_000 }],
    ['an action and a result', { action: 'sign_in', outcome: 'failed' }],
    ['everything at once', { emailContains: 'person2', action: 'account.create', outcome: 'success', since: 1_000_000, until: 1_200_000 }],
  ];
  it.each(queries)('answers %s as reading everything would, newest first, and pages without gaps or repeats', (_name, query) => {
    seed(600, 90);
    expect(f.store.audit.newestFirst({ ...query, limit: 25 }).map((e) => e.id)).toEqual(expected({ ...query, limit: 25 }));
    const paged: number[] = [];
    let before: number | undefined;
    for (;;) {
      const page = f.store.audit.newestFirst({ ...query, limit: 40, beforeId: before });
      paged.push(...page.map((e) => e.id));
      if (page.length < 40) break;
      before = page.at(-1)!.id;
    }
    expect(paged).toEqual(expected(query));
  });

  it('forgets the addresses that only pruned entries named', () => {
    seed(30, 30);
    f.store.audit.append({ at: 9_000_000, actor: 'test', action: 'account.create', email: 'kept@example.com', outcome: 'success' });
    f.store.transaction(() => f.store.audit.pruneBefore(5_000_000));
    const { db } = openEncryptedDatabase(f.store.path, f.key, { create: false, readOnly: 'in_place' });
    try {
      expect(db.prepare('SELECT email FROM audit_emails ORDER BY email').pluck().all()).toEqual(['kept@example.com']);
    } finally {
      db.close();
    }
    expect(f.store.audit.newestFirst({ emailContains: 'person' })).toEqual([]);
  });

  it('reads the whole trail oldest first in batches, across batch edges and ties in time', () => {
    seed(250, 10);
    const all = [...f.store.audit.oldestFirst({}, 7)].map((e) => e.id);
    expect(all).toEqual([...expected({})].reverse());
    expect([...f.store.audit.oldestFirst({ action: 'account.create' }, 7)].map((e) => e.id)).toEqual([...expected({ action: 'account.create' })].reverse());
  });

  it('gives the connection its page cache back after an export, finished or abandoned', () => {
    seed(250, 10);
    const { db } = openEncryptedDatabase(f.store.path, f.key, { create: false, readOnly: 'in_place' });
    try {
      const audit = new AuditRepository(db);
      const cache = db.pragma('cache_size', { simple: true });
      const reading = audit.oldestFirst({}, 7);
      reading.next();
      // While it runs, the scan reads through a small cache: each page once, none worth keeping.
      expect(Math.abs(db.pragma('cache_size', { simple: true }) as number)).toBeLessThan(Math.abs(cache as number));
      reading.return(undefined);
      expect(db.pragma('cache_size', { simple: true })).toBe(cache);
      expect([...audit.oldestFirst({}, 7)]).toHaveLength(250);
      expect(db.pragma('cache_size', { simple: true })).toBe(cache);
    } finally {
      db.close();
    }
  });

  const planned: [string, Omit<AuditQuery, 'limit'>, string][] = [
    ['no filter', {}, 'audit_by_time'],
    ['the next page', { beforeId: 10 }, 'audit_by_time'],
    ['an action', { action: AUDIT_ACTIONS[0] }, 'audit_by_action'],
    ['a result', { outcome: 'failed' }, 'audit_by_outcome'],
    ['an address', { email: 'a@example.com' }, 'audit_by_email'],
    ['a date range', { since: 1, until: 2 }, 'audit_by_time'],
    ['an action in a date range', { action: AUDIT_ACTIONS[0], since: 1, until: 2 }, 'audit_by_action'],
    ['an action and a result', { action: AUDIT_ACTIONS[0], outcome: 'failed' }, 'audit_by_action'],
    ['an address and an action', { email: 'a@example.com', action: AUDIT_ACTIONS[0], beforeId: 10 }, 'audit_by_email'],
  ];
  it.each(planned)('reads %s from an index, in order, never the whole table', (_name, query, index) => {
    const { db } = openEncryptedDatabase(f.store.path, f.key, { create: false, readOnly: 'in_place' });
    try {
      const { sql, params } = pageStatement(query);
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params, 100) as { detail: string }[]).map((row) => row.detail);
      expect(plan[0]).toMatch(new RegExp(`^(SEARCH|SCAN) audit USING INDEX ${index}\\b`));
      expect(plan.join('\n')).not.toMatch(/TEMP B-TREE|SCAN audit$/m);
    } finally {
      db.close();
    }
  });
});
