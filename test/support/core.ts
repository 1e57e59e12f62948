import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGatehouse, type Gatehouse } from '../../src/main/core/gatehouse.js';
import type { KdfParams } from '../../src/main/core/passwords/argon2.js';
import { loadCommonPasswords } from '../../src/main/core/passwords/blocklist.js';
import { keychainSecret, type Keychain } from '../../src/main/secrets/keychain.js';
import { createMemoryKeychain } from '../../src/main/secrets/memory-keychain.js';
import { createOsKeychain } from '../../src/main/secrets/os-keychain.js';
import { openEncryptedDatabase } from '../../src/main/store/database.js';
import { createStore, openStore } from '../../src/main/store/open.js';
import type { Store } from '../../src/main/store/store.js';
import { HAS_TEST_KEYRING } from './cli.js';
import { FakeClock, seededRandom } from './fakes.js';

/** Cheap Argon2id for tests of behaviour; bench/kdf.ts measures the real parameters. */
export const TEST_KDF: KdfParams = { memoryKiB: 1024, iterations: 1, parallelism: 1 };

export interface CoreFixture {
  core: Gatehouse;
  store: Store;
  clock: FakeClock;
  dataDir: string;
  keychain: Keychain;
  /** The store key, read from the keychain once when the store was made. */
  key: Buffer;
  /** Every row of every table, read through a second connection: what is committed on disk. */
  snapshot(): Promise<Record<string, unknown[]>>;
  cleanup(): Promise<void>;
}

/**
 * The keychain tests use: the real Secret Service of the throwaway gnome-keyring that
 * scripts/with-keyring.js starts (every `npm test` run), or, only when a unit test is run on its
 * own without it (`npm run test:unit`), the in-memory keychain. See README, "Tests".
 */
export function testKeychain(): Keychain {
  return HAS_TEST_KEYRING ? createOsKeychain() : createMemoryKeychain();
}

/** A real SQLCipher store in a temporary folder, with the clock and randomness faked. */
export async function createCoreFixture(kdf: KdfParams = TEST_KDF): Promise<CoreFixture> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-core-'));
  const clock = new FakeClock();
  const random = seededRandom(dataDir);
  const keychain = testKeychain();
  const store = await createStore({ dataDir, keychain }, random, new Date(clock.now()));
  const key = await keychain.readStoreKey(store.storeId);
  if (!key) throw new Error('the new store has no key in the keychain');
  return fixtureOver(store, key, { dataDir, clock, keychain, kdf, random, ownsKey: true });
}

/**
 * A fixture over a copy of another's store, at the same time on its clock: for tests that each
 * need the same starting accounts on a store of their own (the copy costs a file copy, not the
 * accounts' hashes). The copy keeps the store id and opens with the template's key, handed over
 * in memory: hundreds of copies would otherwise be hundreds of Secret Service reads, a load
 * under which the throwaway gnome-keyring was seen to die mid-run. The template's own key is in
 * the real keychain, and stays the template's to delete.
 */
export async function copyCoreFixture(template: CoreFixture, kdf: KdfParams = TEST_KDF): Promise<CoreFixture> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-core-copy-'));
  // Not the -shm: it is the open template connection's shared memory; SQLite rebuilds it from the WAL.
  cpSync(template.dataDir, dataDir, { recursive: true, filter: (source) => !source.endsWith('-shm') });
  const keychain = createMemoryKeychain();
  await keychain.writeStoreKey(template.store.storeId, template.key);
  const store = await openStore({ dataDir, keychain });
  return fixtureOver(store, template.key, { dataDir, clock: new FakeClock(template.clock.now()), keychain, kdf, random: seededRandom(dataDir), ownsKey: false });
}

function fixtureOver(
  store: Store,
  key: Buffer,
  {
    dataDir,
    clock,
    keychain,
    kdf,
    random,
    ownsKey,
  }: { dataDir: string; clock: FakeClock; keychain: Keychain; kdf: KdfParams; random: ReturnType<typeof seededRandom>; ownsKey: boolean },
): CoreFixture {
  const recoveryTagKey = keychainSecret(keychain, store.storeId, 'recovery_tags', () => random.bytes(32));
  const core = createGatehouse({ store, clock, random, kdf, recoveryKdf: TEST_KDF, blocklist: loadCommonPasswords(), recoveryTagKey });
  return {
    core,
    store,
    clock,
    dataDir,
    keychain,
    key,
    snapshot: async () => {
      const { db, cleanup } = openEncryptedDatabase(store.path, key, { create: false, readOnly: 'in_place' });
      try {
        const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string; sql: string }[];
        // In the order rows were written; a table without rowids (audit_emails) by its key.
        const order = (sql: string) => (/WITHOUT ROWID/i.test(sql) ? '1' : 'rowid');
        return Object.fromEntries(tables.map(({ name, sql }) => [name, db.prepare(`SELECT * FROM "${name}" ORDER BY ${order(sql)}`).all()]));
      } finally {
        db.close();
        cleanup();
      }
    },
    cleanup: async () => {
      store.close();
      if (ownsKey) await keychain.deleteStoreKey(store.storeId);
      await keychain.deleteStoreKey(store.storeId, 'recovery_tags').catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const CLI_ACTOR = { kind: 'cli', osUser: 'tester' } as const;
