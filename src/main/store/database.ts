import Database from 'better-sqlite3-multiple-ciphers';
import { existsSync } from 'node:fs';
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

/**
 * Opens (or, with `create`, creates) the SQLCipher file. A wrong key fails on the first read,
 * before any pragma that writes (journal mode, migrations) runs, so the file is left as it was.
 */
export function openEncryptedDatabase(path: string, key: Buffer, options: { create: boolean }): Db {
  if (!options.create && !existsSync(path)) {
    throw new GatehouseError('store_missing', `There is no store at ${path}.`);
  }
  const db = new Database(path, { fileMustExist: !options.create });
  try {
    applyKey(db, key);
    try {
      db.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_NOTADB') {
        throw new GatehouseError('store_locked', `The store key does not open ${path}: the key is wrong or the file is not a Gatehouse store. Nothing was changed.`);
      }
      throw error;
    }
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
