import { createHmac } from 'node:crypto';
import Database from 'better-sqlite3-multiple-ciphers';
import { closeSync, copyFileSync, existsSync, mkdtempSync, openSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GatehouseError } from '../common/errors.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.js';

export type Db = Database.Database;

export const STORE_KEY_BYTES = 32;

function applyKey(db: Db, key: Buffer): { useStoredChainKey(): void } {
  if (key.length !== STORE_KEY_BYTES) throw new Error(`store key must be ${STORE_KEY_BYTES} bytes`);
  // SQLCipher v4 settings with a raw key: no passphrase derivation, so opening takes < 1 ms.
  db.pragma(`cipher = 'sqlcipher'`);
  db.pragma('legacy = 4');
  db.pragma(`key = "x'${key.toString('hex')}'"`);
  // The audit trail's links (audit.ts): an HMAC under a key derived from the store key the trail
  // began under. Migration 10 keeps that key in the store (audit_key), so a rotated store key
  // does not break the chain; SQL computes each link in the same statement that appends the row.
  const derived = createHmac('sha256', key).update('gatehouse audit chain').digest();
  let chainKey: Buffer = derived;
  db.function('gatehouse_chain_key', { deterministic: true }, () => derived);
  db.function('gatehouse_chain', { deterministic: true }, (previous: unknown, payload: unknown) =>
    createHmac('sha256', chainKey)
      .update(`${typeof previous === 'string' ? previous : ''}\0${String(payload)}`)
      .digest('base64url'),
  );
  return {
    useStoredChainKey() {
      const stored = db.prepare('SELECT key FROM audit_key WHERE id = 1').pluck().get();
      if (Buffer.isBuffer(stored) && stored.length === 32) chainKey = Buffer.from(stored);
    },
  };
}

/** SQLCipher v4's page size: page 1 carries the salt and an HMAC that only the right key verifies. */
const CIPHER_PAGE_SIZE = 4096;

/**
 * True when `key` decrypts and verifies the first page of the file. Proved on a private copy of
 * that page, so that a wrong key never opens the store itself: with a live WAL, even a read-only
 * connection that fails to decrypt takes a read mark in the shared -shm index. False also for a
 * file shorter than a page or whose first page is damaged: the caller tells those apart.
 */
export function keyOpensFirstPage(path: string, key: Buffer): boolean {
  const page = Buffer.alloc(CIPHER_PAGE_SIZE);
  const fd = openSync(path, 'r');
  let read: number;
  try {
    read = readSync(fd, page, 0, CIPHER_PAGE_SIZE, 0);
  } finally {
    closeSync(fd);
  }
  if (read < CIPHER_PAGE_SIZE) return false;
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-key-probe-'));
  const probePath = join(dir, 'page1.db');
  writeFileSync(probePath, page, { mode: 0o600 });
  const probe = new Database(probePath);
  try {
    applyKey(probe, key);
    probe.pragma('user_version');
    return true;
  } catch (error) {
    const code = String((error as { code?: unknown }).code ?? '');
    if (code === 'SQLITE_NOTADB') return false;
    // Corruption is named only after page 1 decrypted and verified: the copy is cut short after it.
    if (code.startsWith('SQLITE_CORRUPT')) return true;
    throw error; // anything else (the disk, memory) is not an answer about the key
  } finally {
    probe.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * True when `key` opens the file and every page passes its checks (SQLite's quick check, and
 * SQLCipher's HMAC on each page read), without migrating anything. `playJournal`: the file is a
 * private copy whose rollback journal may be played back (that writes); otherwise it is only read.
 * The caller has proved the key on page 1 first, where the file is not a private copy.
 */
export function keyOpensEveryPage(path: string, key: Buffer, playJournal: boolean): boolean {
  let db: Db | null = null;
  try {
    db = new Database(path, { fileMustExist: true, readonly: !playJournal });
    applyKey(db, key);
    return pageDamage(db).length === 0;
  } catch {
    return false;
  } finally {
    db?.close();
  }
}

export interface OpenedDatabase {
  db: Db;
  /** What SQLite's quick check found; empty when the pages are sound. A damaged store is opened query-only. */
  damage: string[];
  /** Called when the connection closes: removes a private read-only copy, if one was made. */
  cleanup: () => void;
}

/** Above this size, opening skips the full page scan; damage is still caught page by page as it is read. */
export const QUICK_CHECK_MAX_BYTES = 64 * 1024 * 1024; // about 0.25 s here (bench/open-check.ts)

/**
 * Opens (or, with `create`, creates) the SQLCipher file and brings its schema up to date. The
 * caller has proved the key already. A new file is created 0600 before SQLite sees it, so its
 * -wal and -shm (which SQLite gives the database's mode) are private too.
 */
export function openEncryptedDatabase(path: string, key: Buffer, options: { create: boolean; readOnly?: 'in_place' | 'private_copy' }): OpenedDatabase {
  if (options.create) closeSync(openSync(path, 'wx', 0o600));
  else if (!existsSync(path)) throw new GatehouseError('store_missing', `There is no store at ${path}.`);
  let cleanup = (): void => {};
  let openPath = path;
  if (options.readOnly === 'private_copy') {
    // A WAL database cannot be opened where its -shm cannot be made (a read-only folder): read a
    // private copy instead. It stays encrypted, and it is removed when the store closes.
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-read-only-'));
    openPath = join(dir, 'gatehouse.db');
    copyFileSync(path, openPath);
    if (existsSync(`${path}-wal`)) copyFileSync(`${path}-wal`, `${openPath}-wal`);
    cleanup = () => rmSync(dir, { recursive: true, force: true });
  }
  // In place, read-only at the file level: not even the checkpoint SQLite makes when it closes.
  const db = new Database(openPath, { fileMustExist: !options.create, readonly: options.readOnly === 'in_place' });
  try {
    const chain = applyKey(db, key);
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000'); // the app and the CLI may share the store
    // Checked before anything is written, the journal mode included: a damaged store is only read.
    const damage = statSync(openPath).size <= QUICK_CHECK_MAX_BYTES ? pageDamage(db) : [];
    if (damage.length > 0 || options.readOnly) db.pragma('query_only = ON');
    if (damage.length > 0) {
      try {
        chain.useStoredChainKey(); // a damaged store is still read, its audit trail included
      } catch {
        // the table is missing (an older schema) or unreadable: the derived key stands
      }
      return { db, damage, cleanup };
    }
    if (!options.readOnly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL'); // a committed sign-in or audit row survives power loss too
    }
    migrate(db, path, options.readOnly !== undefined);
    chain.useStoredChainKey();
    return { db, damage, cleanup };
  } catch (error) {
    db.close();
    cleanup();
    throw error;
  }
}

/**
 * SQLite's quick check over every page: with SQLCipher each page read also verifies its HMAC,
 * so flipped bytes anywhere show here. Returns a short summary, not hundreds of page lines.
 */
export function pageDamage(db: Db, pragma: 'quick_check' | 'integrity_check' = 'quick_check'): string[] {
  let lines: string[];
  try {
    lines = (db.pragma(pragma) as Record<string, string>[]).flatMap((row) => String(Object.values(row)[0]).split('\n'));
  } catch (error) {
    // Only what SQLite calls corruption is damage; a busy or failing disk is reported as itself.
    const code = String((error as { code?: unknown }).code ?? '');
    if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return [`the check stopped: ${(error as Error).message}`];
    throw error;
  }
  const problems = lines.filter((line) => line !== 'ok' && !line.startsWith('*** in database'));
  if (problems.length <= 3) return problems;
  return [...problems.slice(0, 3), `and ${problems.length - 3} more problems`];
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function migrate(db: Db, path: string, readOnly: boolean): void {
  const current = schemaVersion(db);
  if (current > SCHEMA_VERSION) {
    throw new GatehouseError(
      'store_incompatible',
      `This store was written by a newer Gatehouse (schema ${current}; this one knows ${SCHEMA_VERSION}). Update Gatehouse to open it.`,
    );
  }
  if (readOnly && current < SCHEMA_VERSION) {
    throw new GatehouseError('store_readonly', `This store needs an upgrade (schema ${current} to ${SCHEMA_VERSION}), which needs write access to ${path}.`);
  }
  for (let version = current + 1; version <= SCHEMA_VERSION; version++) {
    const sql = MIGRATIONS[version - 1]!;
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${version}`);
    }).immediate();
  }
}

const isBusy = (error: unknown): boolean =>
  String((error as { code?: unknown }).code ?? '').startsWith('SQLITE_BUSY') || String((error as { code?: unknown }).code ?? '').startsWith('SQLITE_LOCKED');

/**
 * Re-encrypts every page of the open database under `newKey`, in place. SQLCipher cannot rekey
 * a WAL database, and a rekey cut short leaves pages under both keys, so: the WAL is folded in,
 * the journal becomes a rollback journal, this connection takes the file for itself (any other
 * connection is refused with `busy`), `beforeRekey` copies the file while nothing can change it,
 * and after the rekey the pages are checked and WAL comes back. Only this connection goes on;
 * another must open again with the new key.
 */
export function rekeyInPlace(db: Db, newKey: Buffer, beforeRekey: () => void): void {
  if (newKey.length !== STORE_KEY_BYTES) throw new Error(`store key must be ${STORE_KEY_BYTES} bytes`);
  const backToWal = (): void => {
    db.pragma('locking_mode = NORMAL');
    db.prepare('SELECT count(*) FROM sqlite_master').get(); // the exclusive lock goes at the next read
    db.pragma('journal_mode = WAL');
  };
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
    if (db.pragma('journal_mode = DELETE', { simple: true }) !== 'delete') throw Object.assign(new Error('journal mode unchanged'), { code: 'SQLITE_BUSY' });
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE; COMMIT');
  } catch (error) {
    try {
      backToWal();
    } catch {
      // still in WAL, or the next open sets it
    }
    if (isBusy(error)) {
      throw new GatehouseError('busy', 'Another Gatehouse has the store open (the app, or a command): close it, then try again. Nothing was changed.');
    }
    throw error;
  }
  try {
    beforeRekey();
    db.pragma(`rekey = "x'${newKey.toString('hex')}'"`);
    const problems = pageDamage(db);
    if (problems.length > 0) throw new GatehouseError('store_damaged', `After the new key was applied, the store's pages failed their check (${problems.join('; ')}).`);
  } finally {
    // Never left holding the file: other Gatehouse processes could not open it until this one ends.
    try {
      backToWal();
    } catch {
      // the next open sets WAL again
    }
  }
}
