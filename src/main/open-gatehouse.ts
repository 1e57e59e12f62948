import { APP_HOST, appOrigin } from '../shared/origin.js';
import { createGatehouse, type Gatehouse } from './core/gatehouse.js';
import { DEFAULT_KDF } from './core/passwords/argon2.js';
import { loadCommonPasswords } from './core/passwords/blocklist.js';
import { cryptoRandom, systemClock, type Clock } from './common/ports.js';
import { join } from 'node:path';
import { damagedStoreError, storeFailure } from './store/failures.js';
import { DATABASE_FILE } from './store/layout.js';
import { createStore, openStore, storeExists, type StoreLocation } from './store/open.js';
import type { Store } from './store/store.js';
import { keychainSecret } from './secrets/keychain.js';
import { isGatehouseError, type GatehouseError } from './common/errors.js';

export interface OpenGatehouse {
  core: Gatehouse;
  store: Store;
}

export interface OpenOptions {
  /** Create a new store; refused unless the data folder holds nothing of Gatehouse. */
  create?: boolean;
  /** Open for reading only: nothing is written, and a read-only data folder is fine. */
  readOnly?: boolean;
  /** Where the common-password list is, when not beside the sources (a packaged app). */
  blocklistPath?: string;
  clock?: Clock;
  /** The renderer's origin, when not the packaged app's (the preview server's port). */
  origin?: () => string;
}

/** The composition root shared by the app and the CLI: real clock, real randomness, real store. */
export async function openGatehouse(location: StoreLocation, options: OpenOptions = {}): Promise<OpenGatehouse> {
  try {
    return await open(location, options);
  } catch (error) {
    // A full disk or a busy store while opening, migrating or preparing: said in words.
    throw storeFailure(error, join(location.dataDir, DATABASE_FILE), []) ?? error;
  }
}

async function open(location: StoreLocation, options: OpenOptions): Promise<OpenGatehouse> {
  const clock = options.clock ?? systemClock;
  const store = options.create ? await createStore(location, cryptoRandom, new Date(clock.now())) : await openStore(location, { readOnly: options.readOnly });
  try {
    const core = createGatehouse({
      store,
      clock,
      random: cryptoRandom,
      kdf: DEFAULT_KDF,
      blocklist: loadCommonPasswords(options.blocklistPath),
      // One definition of the RP and its origin for both transports (src/shared/origin.ts).
      webauthn: { rpId: APP_HOST, rpName: 'Gatehouse', origin: options.origin ?? (() => appOrigin()) },
      recoveryTagKey: keychainSecret(location.keychain, store.storeId, 'recovery_tags', () => cryptoRandom.bytes(32)),
    });
    if (!options.readOnly && store.damage.length === 0) await core.prepare();
    return { core, store };
  } catch (error) {
    store.close();
    throw error;
  }
}

/**
 * The desktop app's start: the store, or a new one on first run — only when the data folder
 * holds nothing of Gatehouse. Anything else the app cannot use (a missing part, a wrong key,
 * damage, a locked keychain) comes back as the problem to show, never as a first run.
 */
export async function openGatehouseForApp(location: StoreLocation, options: Omit<OpenOptions, 'create' | 'readOnly'> = {}): Promise<OpenGatehouse | { problem: GatehouseError }> {
  try {
    const opened = await openGatehouse(location, { ...options, create: !storeExists(location.dataDir, location.keychain) });
    if (opened.store.damage.length === 0) return opened;
    opened.store.close();
    return { problem: damagedStoreError(opened.store.path, opened.store.damage) };
  } catch (error) {
    if (isGatehouseError(error)) return { problem: error };
    throw error;
  }
}
