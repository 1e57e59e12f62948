import type { Db } from './database.js';

export type AccountStatus = 'active' | 'disabled';

export interface UserRecord {
  id: string;
  email: string;
  displayName: string;
  isAdmin: boolean;
  status: AccountStatus;
  passwordHash: string | null;
  passwordChangedAt: number | null;
  mustChangePassword: boolean;
  createdAt: number;
  lastSignInAt: number | null;
  /** When a code sent to the email was entered (an emailed-code sign-in); null: never. */
  emailVerifiedAt: number | null;
  /** E.164; null: none. */
  phone: string | null;
  /** When a code texted to the phone was entered; null: never. */
  phoneVerifiedAt: number | null;
  /** An administrator requires two-step verification of this account, whatever the policy says. */
  requireMfa: boolean;
}

interface UserRow {
  id: string;
  email: string;
  display_name: string;
  is_admin: number;
  status: AccountStatus;
  password_hash: string | null;
  password_changed_at: number | null;
  must_change_password: number;
  created_at: number;
  last_sign_in_at: number | null;
  email_verified_at: number | null;
  phone: string | null;
  phone_verified_at: number | null;
  require_mfa: number;
}

/** An account as the list shows it: the account, and how many authenticator apps and passkeys it has. */
export interface AccountListing {
  user: UserRecord;
  activeAuthenticators: number;
  passkeys: number;
}

function fromRow(row: UserRow): UserRecord {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    isAdmin: row.is_admin === 1,
    status: row.status,
    passwordHash: row.password_hash,
    passwordChangedAt: row.password_changed_at,
    mustChangePassword: row.must_change_password === 1,
    createdAt: row.created_at,
    lastSignInAt: row.last_sign_in_at,
    emailVerifiedAt: row.email_verified_at,
    phone: row.phone,
    phoneVerifiedAt: row.phone_verified_at,
    requireMfa: row.require_mfa === 1,
  };
}

export class UsersRepository {
  constructor(private readonly db: Db) {}

  insert(user: UserRecord): void {
    this.db
      .prepare(
        `INSERT INTO users (id, email, display_name, is_admin, status, password_hash, password_changed_at, must_change_password, created_at, last_sign_in_at, email_verified_at, phone, phone_verified_at, require_mfa)
         VALUES (@id, @email, @displayName, @isAdmin, @status, @passwordHash, @passwordChangedAt, @mustChangePassword, @createdAt, @lastSignInAt, @emailVerifiedAt, @phone, @phoneVerifiedAt, @requireMfa)`,
      )
      .run({ ...user, isAdmin: user.isAdmin ? 1 : 0, mustChangePassword: user.mustChangePassword ? 1 : 0, requireMfa: user.requireMfa ? 1 : 0 });
  }

  findByEmail(email: string): UserRecord | undefined {
    const row = this.db.prepare('SELECT * FROM users WHERE email = ?').get(email) as UserRow | undefined;
    return row && fromRow(row);
  }

  findById(id: string): UserRecord | undefined {
    const row = this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
    return row && fromRow(row);
  }

  list(): UserRecord[] {
    return (this.db.prepare('SELECT * FROM users ORDER BY created_at, email').all() as UserRow[]).map(fromRow);
  }

  /**
   * A page of accounts in the order they are listed (when made, then address), after the account
   * `afterEmail`, with the counts the list shows of their second factors: one query for the page,
   * read from the index of that order (migration 12), whatever the number of accounts.
   */
  listing(page: { afterEmail?: string; limit?: number } = {}): AccountListing[] {
    const after = page.afterEmail === undefined ? '' : 'WHERE (u.created_at, u.email) > (SELECT created_at, email FROM users WHERE email = ?)';
    const rows = this.db
      .prepare(
        `SELECT u.*,
           (SELECT count(*) FROM totp_authenticators t WHERE t.user_id = u.id AND t.status = 'active') AS active_authenticators,
           (SELECT count(*) FROM passkeys p WHERE p.user_id = u.id) AS passkey_count
         FROM users u ${after} ORDER BY u.created_at, u.email LIMIT ?`,
      )
      .all(...(page.afterEmail === undefined ? [] : [page.afterEmail]), page.limit ?? -1) as (UserRow & { active_authenticators: number; passkey_count: number })[];
    return rows.map((row) => ({ user: fromRow(row), activeAuthenticators: row.active_authenticators, passkeys: row.passkey_count }));
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;
  }

  countActiveAdmins(): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM users WHERE is_admin = 1 AND status = 'active'`).get() as { n: number }).n;
  }

  findByPhone(phone: string): UserRecord | undefined {
    const row = this.db.prepare('SELECT * FROM users WHERE phone = ?').get(phone) as UserRow | undefined;
    return row && fromRow(row);
  }

  /** A new number starts unverified unless `verifiedAt` says a code to it was just entered. */
  setPhone(id: string, phone: string | null, verifiedAt: number | null): void {
    this.db.prepare('UPDATE users SET phone = ?, phone_verified_at = ? WHERE id = ?').run(phone, verifiedAt, id);
  }

  markPhoneVerified(id: string, at: number): void {
    this.db.prepare('UPDATE users SET phone_verified_at = ? WHERE id = ? AND phone_verified_at IS NULL').run(at, id);
  }

  /** A new address: verified at `verifiedAt` (a code to it was entered), or not. */
  setEmail(id: string, email: string, verifiedAt: number | null): void {
    this.db.prepare('UPDATE users SET email = ?, email_verified_at = ? WHERE id = ?').run(email, verifiedAt, id);
  }

  markEmailVerified(id: string, at: number): void {
    this.db.prepare('UPDATE users SET email_verified_at = ? WHERE id = ? AND email_verified_at IS NULL').run(at, id);
  }

  setStatus(id: string, status: AccountStatus): void {
    this.db.prepare('UPDATE users SET status = ? WHERE id = ?').run(status, id);
  }

  setRequireMfa(id: string, value: boolean): void {
    this.db.prepare('UPDATE users SET require_mfa = ? WHERE id = ?').run(value ? 1 : 0, id);
  }

  setAdmin(id: string, isAdmin: boolean): void {
    this.db.prepare('UPDATE users SET is_admin = ? WHERE id = ?').run(isAdmin ? 1 : 0, id);
  }

  setDisplayName(id: string, name: string): void {
    this.db.prepare('UPDATE users SET display_name = ? WHERE id = ?').run(name, id);
  }

  setMustChangePassword(id: string, value: boolean): void {
    this.db.prepare('UPDATE users SET must_change_password = ? WHERE id = ?').run(value ? 1 : 0, id);
  }

  setPasswordHash(id: string, hash: string, changedAt: number | null): void {
    if (changedAt === null) {
      // A rehash with new parameters: the password itself, and so its age, did not change.
      this.db.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(hash, id);
    } else {
      this.db.prepare('UPDATE users SET password_hash = ?, password_changed_at = ?, must_change_password = 0 WHERE id = ?').run(hash, changedAt, id);
    }
  }

  recordSignIn(id: string, at: number): void {
    this.db.prepare('UPDATE users SET last_sign_in_at = ? WHERE id = ?').run(at, id);
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM users WHERE id = ?').run(id);
  }

  /** Previous password hashes, newest first. */
  passwordHistory(id: string, limit: number): string[] {
    const rows = this.db.prepare('SELECT hash FROM password_history WHERE user_id = ? ORDER BY retired_at DESC, rowid DESC LIMIT ?').all(id, limit) as { hash: string }[];
    return rows.map((r) => r.hash);
  }

  /** Keeps the retired hash for the history check, and no more of them than the policy needs. */
  retirePassword(id: string, hash: string, at: number, keep: number): void {
    this.db.prepare('INSERT INTO password_history (user_id, hash, retired_at) VALUES (?, ?, ?)').run(id, hash, at);
    this.db
      .prepare(
        `DELETE FROM password_history WHERE user_id = ? AND rowid NOT IN (
           SELECT rowid FROM password_history WHERE user_id = ? ORDER BY retired_at DESC, rowid DESC LIMIT ?)`,
      )
      .run(id, id, keep);
  }
}
