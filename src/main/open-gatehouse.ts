import { createGatehouse, type Gatehouse } from './core/gatehouse.js';
import { DEFAULT_KDF } from './core/passwords/argon2.js';
import { loadCommonPasswords } from './core/passwords/blocklist.js';
import { cryptoRandom, systemClock } from './core/ports.js';
import { createStore, openStore, type StoreLocation } from './store/open.js';
import type { Store } from './store/store.js';

export interface OpenGatehouse {
  core: Gatehouse;
  store: Store;
}

/** The composition root shared by the app and the CLI: real clock, real randomness, real store. */
export async function openGatehouse(location: StoreLocation, options: { create?: boolean } = {}): Promise<OpenGatehouse> {
  const store = options.create ? await createStore(location, cryptoRandom, new Date()) : await openStore(location);
  try {
    const core = createGatehouse({ store, clock: systemClock, random: cryptoRandom, kdf: DEFAULT_KDF, blocklist: loadCommonPasswords() });
    if (options.create) await core.prepare();
    return { core, store };
  } catch (error) {
    store.close();
    throw error;
  }
}
