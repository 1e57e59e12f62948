import { z } from 'zod';
import type { Db } from './database.js';

export interface PasskeyRecord {
  id: string;
  userId: string;
  publicKey: Uint8Array<ArrayBuffer>;
  counter: number;
  transports: string[];
  backupEligible: boolean;
  backedUp: boolean;
  /** It verified its user (PIN, biometrics) when made: false for a security key that is a second step only. */
  userVerified: boolean;
  aaguid: string;
  name: string;
  createdAt: number;
  lastUsedAt: number | null;
}

interface PasskeyRow {
  id: string;
  user_id: string;
  public_key: Buffer;
  counter: number;
  transports: string;
  backup_eligible: number;
  backed_up: number;
  user_verified: number;
  aaguid: string;
  name: string;
  created_at: number;
  last_used_at: number | null;
}

const Transports = z.array(z.string());

const toPasskey = (r: PasskeyRow): PasskeyRecord => ({
  id: r.id,
  userId: r.user_id,
  publicKey: Uint8Array.from(r.public_key),
  counter: r.counter,
  transports: Transports.parse(JSON.parse(r.transports)),
  backupEligible: r.backup_eligible === 1,
  backedUp: r.backed_up === 1,
  userVerified: r.user_verified === 1,
  aaguid: r.aaguid,
  name: r.name,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
});

export class PasskeysRepository {
  constructor(private readonly db: Db) {}

  insert(p: PasskeyRecord): void {
    this.db
      .prepare(
        `INSERT INTO passkeys (id, user_id, public_key, counter, transports, backup_eligible, backed_up, user_verified, aaguid, name, created_at, last_used_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        p.id,
        p.userId,
        Buffer.from(p.publicKey),
        p.counter,
        JSON.stringify(p.transports),
        p.backupEligible ? 1 : 0,
        p.backedUp ? 1 : 0,
        p.userVerified ? 1 : 0,
        p.aaguid,
        p.name,
        p.createdAt,
        p.lastUsedAt,
      );
  }

  find(id: string): PasskeyRecord | undefined {
    const row = this.db.prepare('SELECT * FROM passkeys WHERE id = ?').get(id) as PasskeyRow | undefined;
    return row && toPasskey(row);
  }

  listForUser(userId: string): PasskeyRecord[] {
    return (this.db.prepare('SELECT * FROM passkeys WHERE user_id = ? ORDER BY created_at, id').all(userId) as PasskeyRow[]).map(toPasskey);
  }

  countForUser(userId: string): number {
    return (this.db.prepare('SELECT count(*) AS n FROM passkeys WHERE user_id = ?').get(userId) as { n: number }).n;
  }

  /** Records a use, only if the counter moved on from what we read: a concurrent use of a cloned key loses. */
  recordUse(id: string, expectedCounter: number, newCounter: number, backedUp: boolean, at: number): boolean {
    return (
      this.db.prepare('UPDATE passkeys SET counter = ?, backed_up = ?, last_used_at = ? WHERE id = ? AND counter = ?').run(newCounter, backedUp ? 1 : 0, at, id, expectedCounter)
        .changes === 1
    );
  }

  rename(id: string, name: string): void {
    this.db.prepare('UPDATE passkeys SET name = ? WHERE id = ?').run(name, id);
  }

  remove(id: string): void {
    this.db.prepare('DELETE FROM passkeys WHERE id = ?').run(id);
  }
}
