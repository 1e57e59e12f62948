// Issue 15: the daily backup, with an injected clock, against the real SQLCipher store.
import '../support/require-keyring.js';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cryptoRandom } from '../../src/main/common/ports.js';
import Database from 'better-sqlite3-multiple-ciphers';
import { createMemoryKeychain } from '../../src/main/secrets/memory-keychain.js';
import { backupIfDue, restoreBackup, verifyBackup, writeBackup, writeBackupSettings } from '../../src/main/store/backup.js';
import { SCHEMA_VERSION } from '../../src/main/store/migrations.js';
import { openStore } from '../../src/main/store/open.js';
import { Store } from '../../src/main/store/store.js';
import { createEmergencyKit } from '../../src/main/store/custody.js';
import { CLI_ACTOR, createCoreFixture, type CoreFixture } from '../support/core.js';

const HOUR = 3_600_000;
let f: CoreFixture;
beforeEach(async () => {
  f = await createCoreFixture();
  await f.core.accounts.create({ email: 'ada@example.com', password: 'a passphrase long enough' }, CLI_ACTOR);
});
afterEach(() => f.cleanup());

describe('the daily backup', () => {
  it('is made when a day has passed since the newest one, and keeps the newest N; never when turned off', async () => {
    const location = { dataDir: dirname(f.store.path), keychain: f.keychain };
    await createEmergencyKit(location, f.store, cryptoRandom, new Date(f.clock.now()));
    const folder = join(mkdtempSync(join(tmpdir(), 'gatehouse-daily-')), 'backups');
    await writeBackupSettings(f.store, { folder, keep: 2, daily: false });
    expect(await backupIfDue(location, f.store, new Date(f.clock.now()))).toBeNull();
    await writeBackupSettings(f.store, { folder, keep: 2, daily: true });
    const at = (hours: number) => new Date(f.clock.now() + hours * HOUR);
    expect(await backupIfDue(location, f.store, at(0))).toMatchObject({ file: expect.stringContaining(folder), removed: 0 });
    expect(await backupIfDue(location, f.store, at(1))).toBeNull();
    expect(await backupIfDue(location, f.store, at(23.9))).toBeNull();
    expect(await backupIfDue(location, f.store, at(24))).toMatchObject({ removed: 0 });
    expect(await backupIfDue(location, f.store, at(48))).toMatchObject({ removed: 1 });
    expect(readdirSync(folder)).toHaveLength(2);
  });

  it('refuses a folder given as a relative path, at its field', async () => {
    await expect(writeBackupSettings(f.store, { folder: 'backups', keep: 2, daily: true })).rejects.toMatchObject({ code: 'invalid_input', field: 'folder' });
  });
});

describe('a backup of an older schema', () => {
  it('is checked through and restored, brought up to date on the way', async () => {
    const location = { dataDir: f.dataDir, keychain: f.keychain };
    const { recoveryKey } = await createEmergencyKit(location, f.store, cryptoRandom, new Date(f.clock.now()));
    f.store.close();
    // The store as schema 11 left it: without the audit indexes and the table of addresses of 12,
    // and the passkeys' user verification of 13.
    const raw = new Database(f.store.path);
    raw.pragma(`cipher = 'sqlcipher'`);
    raw.pragma('legacy = 4');
    raw.pragma(`key = "x'${f.key.toString('hex')}'"`);
    raw.exec(
      'DROP INDEX audit_by_action; DROP INDEX audit_by_outcome; DROP INDEX audit_by_email; DROP INDEX users_by_listing; DROP TRIGGER audit_emails_known; DROP TABLE audit_emails; ALTER TABLE passkeys DROP COLUMN user_verified; PRAGMA user_version = 11',
    );
    const old = new Store({ db: raw, damage: [], cleanup: () => {} }, f.store.path, f.store.storeId);
    const out = join(mkdtempSync(join(tmpdir(), 'gatehouse-old-backup-')), 'old.backup');
    expect((await writeBackup(location, old, out, new Date())).schemaVersion).toBe(11);
    raw.close();
    expect((await verifyBackup(out, recoveryKey)).header.schemaVersion).toBe(11);
    const target = { dataDir: join(mkdtempSync(join(tmpdir(), 'gatehouse-old-restored-')), 'data'), keychain: createMemoryKeychain() };
    await restoreBackup(target, out, recoveryKey);
    const restored = await openStore(target);
    expect(restored.schemaVersion).toBe(SCHEMA_VERSION);
    expect(restored.users.findByEmail('ada@example.com')).toBeDefined();
    expect(restored.audit.verifyChain()).toMatchObject({ ok: true });
    restored.close();
  });
});
