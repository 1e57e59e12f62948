import { AsyncEntry } from '@napi-rs/keyring';
import { GatehouseError } from '../common/errors.js';
import { decodeStoreKey, KEYCHAIN_SERVICE, storeKeyAccount, type Keychain, type KeySlot } from './keychain.js';

const OS_NAME: Partial<Record<NodeJS.Platform, string>> = {
  darwin: 'the macOS Keychain',
  win32: 'the Windows Credential Manager',
  linux: 'the Secret Service (GNOME Keyring, KWallet)',
};

function unavailable(cause: unknown): GatehouseError {
  const reason = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
  return new GatehouseError(
    'keychain_unavailable',
    `The OS keychain is unavailable (${reason}). On a machine without one, choose the file keychain with --keychain file or GATEHOUSE_KEYCHAIN=file: the key is then kept in <data-dir>/store.key, readable by your OS user only.`,
  );
}

/**
 * A Secret Service that is restarting (a desktop session, a crashed daemon that D-Bus starts
 * again) drops the first call made to it: one more try, a moment later, before saying it is
 * unavailable. Reading and writing the same key twice is harmless.
 */
async function once<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch {
    await new Promise((resolve) => setTimeout(resolve, 300));
    try {
      return await work();
    } catch (error) {
      throw unavailable(error);
    }
  }
}

/**
 * The store key in the OS keychain through @napi-rs/keyring. On Linux the entry is pinned to
 * the Secret Service: the kernel keyring, the library's fallback, forgets keys at reboot.
 */
export function createOsKeychain(): Keychain {
  const entry = (storeId: string, slot?: KeySlot): AsyncEntry => new AsyncEntry(KEYCHAIN_SERVICE, storeKeyAccount(storeId, slot), { linux: { store: 'secret-service' } });
  const describe = (storeId: string): string => `${OS_NAME[process.platform] ?? 'the OS keychain'}, service "${KEYCHAIN_SERVICE}", account "${storeKeyAccount(storeId)}"`;
  const keychain: Keychain = {
    backend: 'os',
    describe,
    async readStoreKey(storeId, slot) {
      const text = await once(() => entry(storeId, slot).getPassword());
      return text === null ? null : decodeStoreKey(text, describe(storeId));
    },
    async writeStoreKey(storeId, key, slot) {
      await once(() => entry(storeId, slot).setPassword(key.toString('hex')));
    },
    async deleteStoreKey(storeId, slot) {
      await once(() => entry(storeId, slot).deleteCredential());
    },
    // Overwrite first, then empty the slot: in between, both entries hold the new key, which is harmless.
    async promoteNextKey(storeId, key) {
      await keychain.writeStoreKey(storeId, key);
      const readBack = await keychain.readStoreKey(storeId);
      if (!readBack?.equals(key)) throw unavailable(new Error('the keychain did not keep the new store key'));
      await keychain.deleteStoreKey(storeId, 'next');
    },
    at: () => keychain,
  };
  return keychain;
}
