import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

/** The files of a data dir. Only the manifest is readable without the key. */
export const DATABASE_FILE = 'gatehouse.db';
export const MANIFEST_FILE = 'store.json';
/** Only while the store key is rotated (rotation.ts): the database as it was just before, and who is rotating. */
export const ROTATION_COPY = `${DATABASE_FILE}.before-rotation`;
export const ROTATION_LOCK = 'rotation.lock';

export const StoreManifest = z.object({
  format: z.literal(1),
  /** Names the keychain entry; not a secret. */
  storeId: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
  createdAt: z.string(),
  /**
   * Proves which key opened this store before (an HMAC of the store id under the key, not the
   * key): a key that matches but cannot read page 1 means damage, not a wrong key.
   */
  keyCheck: z
    .string()
    .regex(/^[A-Za-z0-9_-]{22}$/)
    .optional(),
  /** Only while the store key is being rotated (rotation.ts): the check value of the new key. */
  nextKeyCheck: z
    .string()
    .regex(/^[A-Za-z0-9_-]{22}$/)
    .optional(),
});
export type StoreManifest = z.infer<typeof StoreManifest>;

/** The product name Electron derives its userData folder from (package.json productName). */
export const APP_DIR_NAME = 'Gatehouse';

/**
 * Electron's userData folder for Gatehouse, computed the same way without Electron, so that
 * the CLI finds the desktop app's store by default.
 */
export function defaultDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env, home = homedir()): string {
  switch (platform) {
    case 'darwin':
      return join(home, 'Library', 'Application Support', APP_DIR_NAME);
    case 'win32':
      return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
    default:
      return join(env.XDG_CONFIG_HOME || join(home, '.config'), APP_DIR_NAME);
  }
}
