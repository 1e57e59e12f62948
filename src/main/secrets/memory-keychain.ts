import { storeKeyAccount, type Keychain } from './keychain.js';

/** For unit tests only: forgets everything when the process ends. */
export function createMemoryKeychain(): Keychain {
  const keys = new Map<string, Buffer>();
  const keychain: Keychain = {
    backend: 'memory',
    describe: (storeId) => `memory keychain (${storeId})`,
    readStoreKey: async (storeId, slot) => keys.get(storeKeyAccount(storeId, slot)) ?? null,
    writeStoreKey: async (storeId, key, slot) => void keys.set(storeKeyAccount(storeId, slot), Buffer.from(key)),
    deleteStoreKey: async (storeId, slot) => void keys.delete(storeKeyAccount(storeId, slot)),
    async promoteNextKey(storeId, key) {
      keys.set(storeKeyAccount(storeId), Buffer.from(key));
      keys.delete(storeKeyAccount(storeId, 'next'));
    },
    at: () => keychain,
  };
  return keychain;
}
