import type { Keychain } from './keychain.js';

/** For unit tests only: forgets everything when the process ends. */
export function createMemoryKeychain(): Keychain {
  const keys = new Map<string, Buffer>();
  const keychain: Keychain = {
    backend: 'memory',
    describe: (storeId) => `memory keychain (${storeId})`,
    readStoreKey: async (storeId) => keys.get(storeId) ?? null,
    writeStoreKey: async (storeId, key) => void keys.set(storeId, Buffer.from(key)),
    deleteStoreKey: async (storeId) => void keys.delete(storeId),
    at: () => keychain,
  };
  return keychain;
}
