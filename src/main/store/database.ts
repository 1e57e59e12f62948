import Database from 'better-sqlite3-multiple-ciphers';
import { closeSync, existsSync, mkdtempSync, openSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GatehouseError } from '../core/errors.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.js';

export type Db = Database.Database;

export const STORE_KEY_BYTES = 32;

function applyKey(db: Db, key: Buffer): void {
  if (key.length !== STORE_KEY_BYTES) throw new Error(`store key must be ${STORE_KEY_BYTES} bytes`);
  // SQLCipher v4 settings with a raw key: no passphrase derivation, so opening takes < 1 ms.
  db.pragma(`cipher = 'sqlcipher'`);
  db.pragma('legacy = 4');
  db.pragma(`key = "x'${key.toString('hex')}'"`);
}

function isWrongKey(error: unknown): boolean {
  return (error as { code?: string }).code === 'SQLITE_NOTADB';
}

/** SQLCipher v4's page size: page 1 carries the salt and an HMAC that only the right key verifies. */
const CIPHER_PAGE_SIZE = 4096;

/**
 * Proves the key against a private copy of the first page, so that a wrong key never opens the
 * store itself: with a live WAL, even a read-only connection that fails to decrypt takes a
 * read mark in the shared -shm index.
 */
function assertKeyOpens(path: string, key: Buffer): void {
  const page = Buffer.alloc(CIPHER_PAGE_SIZE);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, page, 0, CIPHER_PAGE_SIZE, 0);
  } finally {
    closeSync(fd);
  }
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-key-probe-'));
  const probePath = join(dir, 'page1.db');
  writeFileSync(probePath, page, { mode: 0o600 });
  const probe = new Database(probePath);
  try {
    applyKey(probe, key);
    probe.pragma('user_version');
  } catch (error) {
    if (isWrongKey(error)) {
      throw new GatehouseError('store_locked', `The store key does not open ${path}: the key is wrong or the file is not a Gatehouse store. Nothing was changed.`);
    }
    // Any other complaint comes after page 1 decrypted and verified: about the truncated copy.
  } finally {
    probe.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Opens (or, with `create`, creates) the SQLCipher file and brings its schema up to date.
 * An existing file is opened for writing only once the key is proved to open it.
 */
export function openEncryptedDatabase(path: string, key: Buffer, options: { create: boolean }): Db {
  if (existsSync(path)) assertKeyOpens(path, key);
  else if (!options.create) throw new GatehouseError('store_missing', `There is no store at ${path}.`);
  const db = new Database(path);
  try {
    applyKey(db, key);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL'); // a committed sign-in or audit row survives power loss too
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000'); // the app and the CLI may share the store
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function migrate(db: Db): void {
  const current = schemaVersion(db);
  if (current > SCHEMA_VERSION) {
    throw new GatehouseError('store_incompatible', `This store was written by a newer Gatehouse (schema ${current}; this one knows ${SCHEMA_VERSION}). Update Gatehouse to open it.`);
  }
  for (let version = current + 1; version <= SCHEMA_VERSION; version++) {
    const sql = MIGRATIONS[version - 1]!;
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${version}`);
    }).immediate();
  }
}
