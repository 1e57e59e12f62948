import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGatehouse, type Gatehouse } from '../../src/main/core/gatehouse.js';
import type { KdfParams } from '../../src/main/core/passwords/argon2.js';
import { loadCommonPasswords } from '../../src/main/core/passwords/blocklist.js';
import { createMemoryKeychain } from '../../src/main/secrets/memory-keychain.js';
import { createStore } from '../../src/main/store/open.js';
import type { Store } from '../../src/main/store/store.js';
import { FakeClock, seededRandom } from './fakes.js';

/** Cheap Argon2id for tests of behaviour; bench/kdf.ts measures the real parameters. */
export const TEST_KDF: KdfParams = { memoryKiB: 1024, iterations: 1, parallelism: 1 };

export interface CoreFixture {
  core: Gatehouse;
  store: Store;
  clock: FakeClock;
  dataDir: string;
  cleanup(): void;
}

/** A real SQLCipher store in a temporary folder, with the clock and randomness faked. */
export async function createCoreFixture(kdf: KdfParams = TEST_KDF): Promise<CoreFixture> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-core-'));
  const clock = new FakeClock();
  const random = seededRandom(dataDir);
  const store = await createStore({ dataDir, keychain: createMemoryKeychain() }, random, new Date(clock.now()));
  const core = createGatehouse({ store, clock, random, kdf, recoveryKdf: TEST_KDF, blocklist: loadCommonPasswords() });
  return {
    core,
    store,
    clock,
    dataDir,
    cleanup: () => {
      store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const CLI_ACTOR = { kind: 'cli', osUser: 'tester' } as const;
