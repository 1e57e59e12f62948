import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGatehouse, type Gatehouse } from '../../src/main/core/gatehouse.js';
import type { KdfParams } from '../../src/main/core/passwords/argon2.js';
import { loadCommonPasswords } from '../../src/main/core/passwords/blocklist.js';
import type { Keychain } from '../../src/main/secrets/keychain.js';
import { createMemoryKeychain } from '../../src/main/secrets/memory-keychain.js';
import { createOsKeychain } from '../../src/main/secrets/os-keychain.js';
import { openEncryptedDatabase } from '../../src/main/store/database.js';
import { createStore } from '../../src/main/store/open.js';
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
  const core = createGatehouse({ store, clock, random, kdf, recoveryKdf: TEST_KDF, blocklist: loadCommonPasswords() });
  return {
    core,
    store,
    clock,
    dataDir,
    keychain,
    snapshot: async () => {
      const key = await keychain.readStoreKey(store.storeId);
      if (!key) throw new Error('the fixture lost its store key');
      const { db, cleanup } = openEncryptedDatabase(store.path, key, { create: false, readOnly: 'in_place' });
      try {
        const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
        return Object.fromEntries(tables.map((table) => [table, db.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).all()]));
      } finally {
        db.close();
        cleanup();
      }
    },
    cleanup: async () => {
      store.close();
      await keychain.deleteStoreKey(store.storeId);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const CLI_ACTOR = { kind: 'cli', osUser: 'tester' } as const;
