import type { Db } from './database.js';

export interface TotpRecord {
  id: string;
  userId: string;
  name: string;
  secret: string;
  status: 'pending' | 'active';
  createdAt: number;
  activatedAt: number | null;
  lastUsedStep: number | null;
  lastUsedAt: number | null;
}

interface TotpRow {
  id: string;
  user_id: string;
  name: string;
  secret: string;
  status: 'pending' | 'active';
  created_at: number;
  activated_at: number | null;
  last_used_step: number | null;
  last_used_at: number | null;
}

const toTotp = (r: TotpRow): TotpRecord => ({
  id: r.id,
  userId: r.user_id,
  name: r.name,
  secret: r.secret,
  status: r.status,
  createdAt: r.created_at,
  activatedAt: r.activated_at,
  lastUsedStep: r.last_used_step,
  lastUsedAt: r.last_used_at,
});

export class TotpRepository {
  constructor(private readonly db: Db) {}

  /** A new pending enrolment; an earlier pending one of the same name is replaced. */
  putPending(record: Pick<TotpRecord, 'id' | 'userId' | 'name' | 'secret' | 'createdAt'>): void {
    this.db.prepare(`DELETE FROM totp_authenticators WHERE user_id = ? AND name = ? AND status = 'pending'`).run(record.userId, record.name);
    this.db
      .prepare(`INSERT INTO totp_authenticators (id, user_id, name, secret, status, created_at) VALUES (?, ?, ?, ?, 'pending', ?)`)
      .run(record.id, record.userId, record.name, record.secret, record.createdAt);
  }

  find(userId: string, name: string): TotpRecord | undefined {
    const row = this.db.prepare('SELECT * FROM totp_authenticators WHERE user_id = ? AND name = ?').get(userId, name) as TotpRow | undefined;
    return row && toTotp(row);
  }

  listActive(userId: string): TotpRecord[] {
    return (this.db.prepare(`SELECT * FROM totp_authenticators WHERE user_id = ? AND status = 'active' ORDER BY activated_at, name`).all(userId) as TotpRow[]).map(toTotp);
  }

  countActive(userId: string): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM totp_authenticators WHERE user_id = ? AND status = 'active'`).get(userId) as { n: number }).n;
  }

  /** Activates a pending enrolment and records the step of the code that proved it. */
  activate(id: string, at: number, step: number): boolean {
    return (
      this.db
        .prepare(`UPDATE totp_authenticators SET status = 'active', activated_at = ?, last_used_step = ?, last_used_at = ? WHERE id = ? AND status = 'pending'`)
        .run(at, step, at, id).changes === 1
    );
  }

  /**
   * Records an accepted code, only if its step is newer than the last accepted one: of two
   * sign-ins racing with the same code, exactly one changes the row.
   */
  recordUse(id: string, step: number, at: number): boolean {
    return (
      this.db
        .prepare(`UPDATE totp_authenticators SET last_used_step = ?, last_used_at = ? WHERE id = ? AND status = 'active' AND (last_used_step IS NULL OR last_used_step < ?)`)
        .run(step, at, id, step).changes === 1
    );
  }

  remove(id: string): void {
    this.db.prepare('DELETE FROM totp_authenticators WHERE id = ?').run(id);
  }

  deleteExpiredPending(olderThan: number): void {
    this.db.prepare(`DELETE FROM totp_authenticators WHERE status = 'pending' AND created_at <= ?`).run(olderThan);
  }
}

export interface RecoveryCodeRecord {
  id: number;
  hash: string;
  /** Finds the row for a typed code without a hash per row (recovery-codes.ts); null for codes made without one. */
  tag: string | null;
}

export class RecoveryCodesRepository {
  constructor(private readonly db: Db) {}

  /** Replaces the whole set: the old codes stop working in the same transaction. */
  replaceAll(userId: string, codes: readonly { hash: string; tag: string | null }[], at: number): void {
    this.db.prepare('DELETE FROM recovery_codes WHERE user_id = ?').run(userId);
    const insert = this.db.prepare('INSERT INTO recovery_codes (user_id, hash, tag, created_at) VALUES (?, ?, ?, ?)');
    for (const { hash, tag } of codes) insert.run(userId, hash, tag, at);
  }

  listUnused(userId: string): RecoveryCodeRecord[] {
    return this.db.prepare('SELECT id, hash, tag FROM recovery_codes WHERE user_id = ? AND used_at IS NULL ORDER BY id').all(userId) as RecoveryCodeRecord[];
  }

  countUnused(userId: string): number {
    return (this.db.prepare('SELECT count(*) AS n FROM recovery_codes WHERE user_id = ? AND used_at IS NULL').get(userId) as { n: number }).n;
  }

  /** Marks a code used, only if it still was unused: exactly one of two racing uses wins. */
  consume(id: number, at: number): boolean {
    return this.db.prepare('UPDATE recovery_codes SET used_at = ? WHERE id = ? AND used_at IS NULL').run(at, id).changes === 1;
  }

  deleteAll(userId: string): void {
    this.db.prepare('DELETE FROM recovery_codes WHERE user_id = ?').run(userId);
  }
}
