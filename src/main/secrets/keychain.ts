/**
 * Where the store key lives. The key never sits next to the store in plain form unless the
 * user explicitly chose the `file` backend for a machine without an OS keychain.
 */
export const KEYCHAIN_BACKENDS = ['os', 'file', 'memory'] as const;
export type KeychainBackend = (typeof KEYCHAIN_BACKENDS)[number];

/** The user-choosable backends; `memory` exists for unit tests only. */
export const USER_KEYCHAIN_BACKENDS = ['os', 'file'] as const;

/**
 * A store has one key; while it is being rotated (store/rotation.ts) the new one waits in the
 * `next` slot, so that an interruption leaves both where the store can find them. The
 * `recovery_tags` slot holds another secret of the store that is kept out of it on purpose: the
 * key that tags recovery codes (core/factors/recovery-code), so that a copy of the store (a
 * backup) is no help to guessing them.
 */
export type KeySlot = 'current' | 'next' | 'recovery_tags';

export interface Keychain {
  readonly backend: KeychainBackend;
  /** Where the key for `storeId` is kept, for messages and `doctor`. */
  describe(storeId: string): string;
  /** The key, or null when there is none. Throws `keychain_unavailable` when it cannot ask. */
  readStoreKey(storeId: string, slot?: KeySlot): Promise<Buffer | null>;
  writeStoreKey(storeId: string, key: Buffer, slot?: KeySlot): Promise<void>;
  deleteStoreKey(storeId: string, slot?: KeySlot): Promise<void>;
  /**
   * `key` (the one in the `next` slot) becomes the store's key, replacing the current one, and
   * the slot is emptied. Throws unless the current slot holds `key` afterwards.
   */
  promoteNextKey(storeId: string, key: Buffer): Promise<void>;
  /** The same backend for another data folder: only the file keychain keeps its key in one. */
  at(dataDir: string): Keychain;
}

export const KEYCHAIN_SERVICE = 'Gatehouse';

export function storeKeyAccount(storeId: string, slot: KeySlot = 'current'): string {
  return { current: `store-key:${storeId}`, next: `store-key:${storeId}:next`, recovery_tags: `recovery-code-tags:${storeId}` }[slot];
}

const KEY_HEX = /^[0-9a-f]{64}$/;

/**
 * A 32-byte secret of the store kept in one of the keychain's slots, read once and remembered
 * for the process. Null, never an error, when the keychain cannot give or keep it: what uses it
 * has a slower way without it.
 */
export function keychainSecret(
  keychain: Keychain,
  storeId: string,
  slot: KeySlot,
  newSecret: () => Buffer,
): { read(): Promise<Buffer | null>; readOrCreate(): Promise<Buffer | null> } {
  let known: Buffer | null = null;
  /** The secret; null when there is none; `unavailable` when the keychain could not say. */
  const ask = async (): Promise<Buffer | null | 'unavailable'> => {
    if (known) return known;
    try {
      known = await keychain.readStoreKey(storeId, slot);
      return known;
    } catch {
      return 'unavailable';
    }
  };
  return {
    read: async () => {
      const answer = await ask();
      return answer === 'unavailable' ? null : answer;
    },
    async readOrCreate() {
      const answer = await ask();
      // Made only when the keychain said there is none: never over one it failed to read.
      if (answer !== null) return answer === 'unavailable' ? null : answer;
      try {
        await keychain.writeStoreKey(storeId, newSecret(), slot);
        known = await keychain.readStoreKey(storeId, slot);
        return known;
      } catch {
        return null;
      }
    },
  };
}

/** Keys are kept as 64 lower-case hex characters; anything else is refused, never guessed at. */
export function decodeStoreKey(text: string, where: string): Buffer {
  const hex = text.trim().toLowerCase();
  if (!KEY_HEX.test(hex)) throw new Error(`the store key in ${where} is not 64 hexadecimal characters`);
  return Buffer.from(hex, 'hex');
}
