import type { Db } from './database.js';

export interface OneTimeCodeRecord {
  /** `email:<address>` or `sms:<E.164 number>`. */
  address: string;
  hash: string;
  salt: string;
  createdAt: number;
  expiresAt: number;
  attempts: number;
}

interface OneTimeCodeRow {
  address: string;
  hash: string;
  salt: string;
  created_at: number;
  expires_at: number;
  attempts: number;
}

/** The live code of each address, as a salted hash: at most one, a new one replaces it. */
export class OneTimeCodesRepository {
  constructor(private readonly db: Db) {}

  replace(code: OneTimeCodeRecord): void {
    this.db
      .prepare(
        `INSERT INTO one_time_codes (address, hash, salt, created_at, expires_at, attempts) VALUES (@address, @hash, @salt, @createdAt, @expiresAt, @attempts)
         ON CONFLICT (address) DO UPDATE SET hash = excluded.hash, salt = excluded.salt, created_at = excluded.created_at, expires_at = excluded.expires_at, attempts = excluded.attempts`,
      )
      .run(code);
  }

  find(address: string): OneTimeCodeRecord | undefined {
    const row = this.db.prepare('SELECT * FROM one_time_codes WHERE address = ?').get(address) as OneTimeCodeRow | undefined;
    return row && { address: row.address, hash: row.hash, salt: row.salt, createdAt: row.created_at, expiresAt: row.expires_at, attempts: row.attempts };
  }

  /** One more wrong guess; the count after it. */
  recordWrongGuess(address: string): number {
    this.db.prepare('UPDATE one_time_codes SET attempts = attempts + 1 WHERE address = ?').run(address);
    return this.find(address)?.attempts ?? 0;
  }

  remove(address: string): void {
    this.db.prepare('DELETE FROM one_time_codes WHERE address = ?').run(address);
  }

  /** Codes past their expiry: nothing can use them. */
  removeExpired(now: number): number {
    return this.db.prepare('DELETE FROM one_time_codes WHERE expires_at <= ?').run(now).changes;
  }
}

/** What was sent (or would have been) to whom, and when: the resend wait and the hourly caps read it. */
export class DeliveriesRepository {
  constructor(private readonly db: Db) {}

  record(channel: 'email' | 'sms', address: string, at: number): void {
    this.db.prepare('INSERT INTO deliveries (channel, address, at) VALUES (?, ?, ?)').run(channel, address, at);
  }

  /** The times of the sends to an address since `since`, oldest first. */
  toAddressSince(address: string, since: number): number[] {
    return (this.db.prepare('SELECT at FROM deliveries WHERE address = ? AND at > ? ORDER BY at').all(address, since) as { at: number }[]).map((r) => r.at);
  }

  countOnChannelSince(channel: 'email' | 'sms', since: number): number {
    return (this.db.prepare('SELECT count(*) AS n FROM deliveries WHERE channel = ? AND at > ?').get(channel, since) as { n: number }).n;
  }

  /** Forgets what no limit looks at any more. */
  removeBefore(at: number): number {
    return this.db.prepare('DELETE FROM deliveries WHERE at < ?').run(at).changes;
  }
}
