import type { AuditAction, AuditOutcome } from '../../shared/index.js';
import type { Db } from './database.js';

export interface AuditEntry {
  id: number;
  /** Epoch milliseconds. */
  at: number;
  /** Who did it: `cli:<os user>`, `user:<email>`, or `anonymous` for a sign-in attempt. */
  actor: string;
  action: AuditAction;
  accountId: string | null;
  email: string | null;
  method: string | null;
  outcome: AuditOutcome;
  detail: string | null;
}

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'accountId' | 'email' | 'method' | 'detail'> & Partial<Pick<AuditEntry, 'accountId' | 'email' | 'method' | 'detail'>>;

export interface AuditQuery {
  email?: string;
  /** Part of an address, in any case: what an administrator types into a filter. */
  emailContains?: string;
  action?: string;
  outcome?: string;
  since?: number;
  /** Entries before this time (epoch ms), for a date range. */
  until?: number;
  /** Entries older than this one: the next page, when reading newest first. */
  beforeId?: number;
  limit?: number;
}

/** LIKE's own characters, escaped, so that a typed % or _ matches itself. */
const likeText = (text: string): string => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

interface AuditRow {
  id: number;
  at: number;
  actor: string;
  action: string;
  account_id: string | null;
  email: string | null;
  method: string | null;
  outcome: AuditOutcome;
  detail: string | null;
  chain: string | null;
}

/** What a link covers: every field of the row but its id, in one fixed form. */
const payload = (r: {
  at: number;
  actor: string;
  action: string;
  account_id: string | null;
  email: string | null;
  method: string | null;
  outcome: string;
  detail: string | null;
}) => JSON.stringify([r.at, r.actor, r.action, r.account_id, r.email, r.method, r.outcome, r.detail]);

/** Where the chain stands: its last row, for comparing with a copy kept elsewhere. */
export interface AuditHead {
  id: number;
  at: number;
  chain: string;
}

export type ChainCheck = { ok: true; rows: number; head: AuditHead | null } | { ok: false; brokenAt: number; why: string };

/** SQLite's page cache while an export runs, as PRAGMA cache_size takes it (negative: KiB). */
const EXPORT_CACHE_KIB = -1024;

/** Append-only: the table's triggers refuse UPDATE and DELETE, whoever asks. */
export class AuditRepository {
  constructor(private readonly db: Db) {}

  /**
   * The append statement, prepared once: every entry goes through it, and a statement prepared
   * per call holds native memory that the garbage collector does not see (10 million appends
   * in a benchmark grew the process to 24 GB).
   */
  private appendStatement: { run(...params: unknown[]): unknown } | null = null;

  append(entry: NewAuditEntry): void {
    const row = {
      at: entry.at,
      actor: entry.actor,
      action: entry.action,
      account_id: entry.accountId ?? null,
      email: entry.email ?? null,
      method: entry.method ?? null,
      outcome: entry.outcome,
      detail: entry.detail ?? null,
    };
    // One statement: the link to the last row is read and written under the same write lock, whoever else appends.
    this.appendStatement ??= this.db.prepare(
      `INSERT INTO audit (at, actor, action, account_id, email, method, outcome, detail, chain)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, gatehouse_chain((SELECT chain FROM audit ORDER BY id DESC LIMIT 1), ?))`,
    );
    this.appendStatement.run(row.at, row.actor, row.action, row.account_id, row.email, row.method, row.outcome, row.detail, payload(row));
  }

  /** The last row and its link: `gatehouse audit head`, and what a backup or an export records. */
  head(): AuditHead | null {
    const row = this.db.prepare('SELECT id, at, chain FROM audit WHERE chain IS NOT NULL ORDER BY id DESC LIMIT 1').get() as AuditHead | undefined;
    return row ?? null;
  }

  /**
   * Walks the trail and recomputes every link. A row changed, a row removed from the middle or a
   * row slipped in breaks the chain there. The first link follows from nothing, unless the trail
   * was pruned (then its oldest remaining row is taken as it is); rows from before links existed
   * have none, and none may follow a linked row.
   */
  verifyChain(): ChainCheck {
    const link = this.db.prepare('SELECT gatehouse_chain(?, ?)').pluck();
    // Never pruned: the first link follows from nothing, and its own row is checked too.
    const pruned = this.db.prepare("SELECT 1 FROM audit WHERE action = 'audit.prune' LIMIT 1").get() !== undefined;
    let previous: string | null | undefined = pruned ? undefined : null;
    let linked = false;
    let rows = 0;
    let head: AuditHead | null = null;
    for (const row of this.db.prepare('SELECT * FROM audit ORDER BY id').iterate() as IterableIterator<AuditRow>) {
      rows += 1;
      if (row.chain === null) {
        if (linked) return { ok: false, brokenAt: row.id, why: 'a row without its link, after linked rows' };
        continue;
      }
      linked = true;
      if (previous !== undefined && link.get(previous, payload(row)) !== row.chain) {
        return { ok: false, brokenAt: row.id, why: 'its link does not follow from the row before it and its own content' };
      }
      previous = row.chain;
      head = { id: row.id, at: row.at, chain: row.chain };
    }
    return { ok: true, rows, head };
  }

  /**
   * Removes the entries before `before` (epoch ms), oldest first, handing each to `keep` before
   * anything is deleted (an export); the one way past the append-only trigger. Returns how many.
   */
  pruneBefore(before: number, keep: (entry: AuditEntry) => void = () => {}): number {
    // The permit row must never outlive the deletion: only inside the caller's transaction.
    if (!this.db.inTransaction) throw new Error('pruneBefore runs inside a transaction');
    const rows = this.db.prepare('SELECT * FROM audit WHERE at < ? ORDER BY id').iterate(before) as IterableIterator<AuditRow>;
    let last = 0;
    for (const row of rows) {
      keep(toEntry(row));
      last = row.id;
    }
    if (last === 0) return 0;
    this.db.prepare('INSERT INTO audit_prune_permit (id) VALUES (1)').run();
    try {
      const removed = this.db.prepare('DELETE FROM audit WHERE at < ? AND id <= ?').run(before, last).changes;
      // The addresses only the removed entries named go too: none outlives the trail's retention.
      this.db.prepare('DELETE FROM audit_emails WHERE NOT EXISTS (SELECT 1 FROM audit WHERE audit.email = audit_emails.email)').run();
      return removed;
    } finally {
      this.db.prepare('DELETE FROM audit_prune_permit').run();
    }
  }

  /** Oldest first, as a log reads: the newest `limit` entries (all without one). */
  list(query: AuditQuery = {}): AuditEntry[] {
    return this.newestFirst(query).reverse();
  }

  /**
   * Every entry the query matches, oldest first, read in batches of `batch` by a cursor: memory
   * stays flat however long the trail (`audit --json`). No connection is held between batches.
   *
   * Measured at 2M entries, the export grew by 45 MiB over one of 10k: SQLite's page cache
   * filling to its 16 MB (each page of a scan is read once, so the cache earns nothing here) and
   * V8's young generation doubling while batches of 1000 rows outlived its collections. Batches
   * of 100 and a 1 MiB cache while the export runs keep that growth to 10 MiB, for 10% more time
   * (the CLI's export holds V8's young generation too: 86 MiB at 10M entries, as at 10k).
   */
  *oldestFirst(query: Omit<AuditQuery, 'beforeId' | 'limit'> = {}, batch = 100): Generator<AuditEntry> {
    // Two statements, prepared once (a statement per batch holds native memory the collector does not see).
    const first = conditions(query, null);
    const next = conditions(query, { clause: '(at, id) > (?, ?)', params: [0, 0] });
    const firstBatch = this.db.prepare(`SELECT * FROM audit ${first.where} ORDER BY at, id LIMIT ?`);
    const nextBatch = this.db.prepare(`SELECT * FROM audit ${next.where} ORDER BY at, id LIMIT ?`);
    const cache = this.db.pragma('cache_size', { simple: true }) as number;
    this.db.pragma(`cache_size = ${EXPORT_CACHE_KIB}`);
    try {
      let after: { at: number; id: number } | null = null;
      for (;;) {
        const rows = (after ? nextBatch.all(...next.params.slice(0, -2), after.at, after.id, batch) : firstBatch.all(...first.params, batch)) as AuditRow[];
        for (const row of rows) yield toEntry(row);
        if (rows.length < batch) return;
        const last = rows.at(-1)!;
        after = { at: last.at, id: last.id };
      }
    } finally {
      // Whether the export ends, is abandoned or fails, the connection's other queries get their cache back.
      this.db.pragma(`cache_size = ${Math.trunc(cache)}`);
    }
  }

  /**
   * Newest first (by time, then id), as the admin page reads; `limit` entries at most, after
   * `beforeId` for the next page. Each filter is answered from its index (migration 12), never by
   * reading the whole trail: the one on the address first, then the action, the result, the time.
   * Part of an address is looked up among the addresses the trail names (audit_emails); the
   * entries of each that matches are read from its index and merged, newest first.
   */
  newestFirst(query: AuditQuery = {}): AuditEntry[] {
    const limit = query.limit ?? -1;
    const contains = query.emailContains === undefined || query.emailContains === '' ? undefined : query.emailContains;
    if (contains !== undefined && query.email === undefined) {
      const emails = this.db
        .prepare("SELECT email FROM audit_emails WHERE lower(email) LIKE ? ESCAPE '\\' LIMIT ?")
        .pluck()
        .all(likeText(contains), MERGE_MAX + 1) as string[];
      if (emails.length <= MERGE_MAX) {
        const merged = emails.flatMap((email) => {
          const { sql, params } = pageStatement({ ...query, emailContains: undefined, email });
          return this.db.prepare(sql).all(...params, limit) as AuditRow[];
        });
        merged.sort((a, b) => b.at - a.at || b.id - a.id);
        return (limit < 0 ? merged : merged.slice(0, limit)).map(toEntry);
      }
      // Many addresses match: entries that match are then common, and found soon reading newest first.
    }
    const { sql, params } = pageStatement(query);
    return (this.db.prepare(sql).all(...params, limit) as AuditRow[]).map(toEntry);
  }
}

/** The statement of one newest-first page (its last parameter, the limit, is the caller's); exported for the query-plan test. */
export function pageStatement(query: Omit<AuditQuery, 'limit'>): { sql: string; params: unknown[] } {
  const cursor = query.beforeId === undefined ? null : { clause: '(at, id) < (SELECT at, id FROM audit WHERE id = ?)', params: [query.beforeId] };
  const { where, params } = conditions(query, cursor);
  return { sql: `SELECT * FROM audit ${where} ORDER BY at DESC, id DESC LIMIT ?`, params };
}

/** Above this many addresses matching part of one, a newest-first scan beats merging their indexes. */
const MERGE_MAX = 64;

/**
 * The WHERE clause of a query. SQLite uses one index per query: the filters are ranked (an
 * address, an action, a result, then time) and every one below the best given is written as
 * `+column`, which keeps it a filter and stops the planner reading a less selective index.
 */
function conditions(query: Omit<AuditQuery, 'limit' | 'beforeId'>, cursor: { clause: string; params: unknown[] } | null): { where: string; params: unknown[] } {
  const ranked: [string, unknown][] = [
    ['email = ?', query.email],
    ['action = ?', query.action],
    ['outcome = ?', query.outcome],
  ];
  const given = ranked.filter(([, value]) => value !== undefined);
  const clauses = given.map(([clause], i) => (i === 0 ? clause : `+${clause}`));
  const params = given.map(([, value]) => value);
  const contains = query.emailContains === undefined || query.emailContains === '' ? undefined : query.emailContains;
  if (contains !== undefined) {
    clauses.push("lower(email) LIKE ? ESCAPE '\\'");
    params.push(likeText(contains));
  }
  if (query.since !== undefined) {
    clauses.push('at >= ?');
    params.push(query.since);
  }
  if (query.until !== undefined) {
    clauses.push('at < ?');
    params.push(query.until);
  }
  if (cursor) {
    clauses.push(cursor.clause);
    params.push(...cursor.params);
  }
  return { where: clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

function toEntry(r: AuditRow): AuditEntry {
  return { id: r.id, at: r.at, actor: r.actor, action: r.action as AuditAction, accountId: r.account_id, email: r.email, method: r.method, outcome: r.outcome, detail: r.detail };
}
