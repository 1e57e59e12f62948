import { chmod, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { GatehouseError } from '../common/errors.js';
import { decodeStoreKey, type Keychain, type KeySlot } from './keychain.js';

export const KEY_FILE_NAME = 'store.key';
/** The key that tags recovery codes, for the file keychain (secrets/keychain.ts, `recovery_tags`). */
export const RECOVERY_TAGS_FILE_NAME = 'recovery-tags.key';

/**
 * The explicit opt-in for machines without an OS keychain: the key as 64 hex characters in
 * `<data-dir>/store.key`, mode 0600. Anyone who can read that file and the store has the data,
 * so every use (once per process) says so through `warn`.
 */
export function createFileKeychain(dataDir: string, warn: (message: string) => void, said = { warned: false }): Keychain {
  const current = join(dataDir, KEY_FILE_NAME);
  const pathOf = (slot: KeySlot = 'current'): string => ({ current, next: `${current}.next`, recovery_tags: join(dataDir, RECOVERY_TAGS_FILE_NAME) })[slot];
  const warnOnce = (): void => {
    if (!said.warned) warn(warning);
    said.warned = true;
  };
  const warning = `warning: the store key is kept in a file (${current}), not in the OS keychain; anyone who can read that file and the store can read every account.`;
  const keychain: Keychain = {
    backend: 'file',
    describe: () => `key file ${current}`,
    async readStoreKey(_storeId, slot) {
      warnOnce();
      const path = pathOf(slot);
      let text: string;
      try {
        if (process.platform !== 'win32' && ((await stat(path)).mode & 0o077) !== 0) {
          throw new GatehouseError('store_locked', `${path} can be read by other users: run "chmod 600 ${path}" and try again.`);
        }
        text = await readFile(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
      return decodeStoreKey(text, path);
    },
    async writeStoreKey(_storeId, key, slot) {
      warnOnce();
      const path = pathOf(slot);
      // 'wx': never overwrite a key that some store may still need.
      const handle = await open(path, 'wx', 0o600);
      try {
        await handle.writeFile(`${key.toString('hex')}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await chmod(path, 0o600);
    },
    async deleteStoreKey(_storeId, slot) {
      await rm(pathOf(slot), { force: true });
    },
    // One rename: the file holds the old key or the new one, never neither.
    async promoteNextKey(storeId, key) {
      const next = await keychain.readStoreKey(storeId, 'next');
      if (!next?.equals(key)) {
        // Not (or no longer) in the slot: written there first, so that the rename below still replaces in one step.
        await rm(pathOf('next'), { force: true });
        await keychain.writeStoreKey(storeId, key, 'next');
      }
      await rename(pathOf('next'), current);
      const readBack = await keychain.readStoreKey(storeId);
      if (!readBack?.equals(key)) throw new GatehouseError('keychain_unavailable', `${current} does not hold the new store key.`);
    },
    at: (dir) => createFileKeychain(dir, warn, said),
  };
  return keychain;
}
