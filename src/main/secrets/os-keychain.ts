import { AsyncEntry } from '@napi-rs/keyring';
import { GatehouseError } from '../common/errors.js';
import { decodeStoreKey, KEYCHAIN_SERVICE, storeKeyAccount, type Keychain } from './keychain.js';

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
 * The store key in the OS keychain through @napi-rs/keyring. On Linux the entry is pinned to
 * the Secret Service: the kernel keyring, the library's fallback, forgets keys at reboot.
 */
export function createOsKeychain(): Keychain {
  const entry = (storeId: string): AsyncEntry => {
    try {
      return new AsyncEntry(KEYCHAIN_SERVICE, storeKeyAccount(storeId), { linux: { store: 'secret-service' } });
    } catch (error) {
      throw unavailable(error);
    }
  };
  const describe = (storeId: string): string => `${OS_NAME[process.platform] ?? 'the OS keychain'}, service "${KEYCHAIN_SERVICE}", account "${storeKeyAccount(storeId)}"`;
  const keychain: Keychain = {
    backend: 'os',
    describe,
    async readStoreKey(storeId) {
      const e = entry(storeId);
      let text: string | null;
      try {
        text = await e.getPassword();
      } catch (error) {
        throw unavailable(error);
      }
      return text === null ? null : decodeStoreKey(text, describe(storeId));
    },
    async writeStoreKey(storeId, key) {
      const e = entry(storeId);
      try {
        await e.setPassword(key.toString('hex'));
      } catch (error) {
        throw unavailable(error);
      }
    },
    async deleteStoreKey(storeId) {
      try {
        await entry(storeId).deleteCredential();
      } catch (error) {
        throw unavailable(error);
      }
    },
    at: () => keychain,
  };
  return keychain;
}
