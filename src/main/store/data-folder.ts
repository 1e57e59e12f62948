import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { GatehouseError } from '../common/errors.js';
import type { KeychainBackend } from '../secrets/keychain.js';
import { KEY_FILE_NAME, RECOVERY_TAGS_FILE_NAME } from '../secrets/file-keychain.js';
import { KIT_FILE, PENDING_KIT_FILE } from '../secrets/emergency-kit.js';
import { DATABASE_FILE, MANIFEST_FILE, ROTATION_COPY, ROTATION_LOCK } from './layout.js';

/** Where `init` builds a new store before moving it into place; its presence means an init did not finish. */
export const STAGING_DIR = '.gatehouse-init';

/** Every name Gatehouse may leave in a data folder. Anything else there is not ours and is never touched. */
// The emergency kit counts too: a folder that holds only a kit once held a store, and is never a first run.
const STORE_FILES = [
  DATABASE_FILE,
  `${DATABASE_FILE}-wal`,
  `${DATABASE_FILE}-shm`,
  `${DATABASE_FILE}-journal`,
  MANIFEST_FILE,
  KEY_FILE_NAME,
  `${KEY_FILE_NAME}.next`,
  RECOVERY_TAGS_FILE_NAME,
  KIT_FILE,
  PENDING_KIT_FILE,
  ROTATION_COPY,
  ROTATION_LOCK,
] as const;

export type DataFolderState =
  /** Nothing of Gatehouse: the only state in which a store may be created. */
  | { kind: 'empty' }
  /** The database and its manifest (and, for the file keychain, its key file). */
  | { kind: 'complete' }
  /** An `init` stopped half-way: nothing in it was ever used. */
  | { kind: 'unfinished_init'; leftovers: string[] }
  /** Some of a store without the rest: moved, deleted, or on a drive that is not there. */
  | { kind: 'incomplete'; present: string[]; missing: string[] };

/** What a data folder holds, from the names alone (nothing is opened or changed). */
export function inspectDataFolder(dataDir: string, backend: KeychainBackend): DataFolderState {
  let names: string[];
  try {
    names = readdirSync(dataDir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Only a folder that is not there is empty: one that cannot be read may hold a store.
    if (code === 'ENOENT') return { kind: 'empty' };
    throw new GatehouseError(
      'store_readonly',
      `Gatehouse cannot read the data folder ${dataDir} (${code ?? (error as Error).message}): give your user access to it again (chmod 700). Nothing was changed.`,
    );
  }
  const present = STORE_FILES.filter((name) => names.includes(name));
  if (names.includes(STAGING_DIR)) {
    // With the manifest in place the store itself may be in use: then only the staging folder is named.
    return { kind: 'unfinished_init', leftovers: present.includes(MANIFEST_FILE) ? [STAGING_DIR] : [STAGING_DIR, ...present] };
  }
  if (present.length === 0) return { kind: 'empty' };
  const needed: string[] = [DATABASE_FILE, MANIFEST_FILE, ...(backend === 'file' ? [KEY_FILE_NAME] : [])];
  const missing = needed.filter((name) => !present.includes(name as (typeof STORE_FILES)[number]));
  // A key file without a store, under the OS keychain, still means a store was here.
  return missing.length === 0 ? { kind: 'complete' } : { kind: 'incomplete', present, missing };
}

const list = (names: string[]): string => names.join(', ');

/** The refusal for a folder that is not a complete store; it names what is there, what is not, and what to do. */
export function dataFolderProblem(dataDir: string, state: DataFolderState): GatehouseError {
  switch (state.kind) {
    case 'empty':
      return new GatehouseError('store_missing', `There is no Gatehouse store in ${dataDir}. Create one with "gatehouse init" or by starting the app.`);
    case 'unfinished_init':
      return new GatehouseError(
        'store_incomplete',
        `An earlier "gatehouse init" in ${dataDir} did not finish; what it left holds no accounts. Remove ${list(state.leftovers.map((n) => join(dataDir, n)))} and run "gatehouse init" again. Nothing was changed.`,
      );
    case 'incomplete': {
      const advice = state.missing.includes(DATABASE_FILE)
        ? `The database was moved or deleted, or it is on a drive that is not connected: put ${DATABASE_FILE} back (or restore it from a backup).`
        : state.missing.includes(MANIFEST_FILE)
          ? `${MANIFEST_FILE} names the store's key: put it back (or restore it from a backup).`
          : `${KEY_FILE_NAME} holds the store's key: put it back, or use --keychain os if the key is in the OS keychain.`;
      return new GatehouseError(
        'store_incomplete',
        `${dataDir} holds part of a Gatehouse store: ${list(state.present)}, but not ${list(state.missing)}. ${advice} Gatehouse never makes a new store over one that is missing parts. Nothing was changed.`,
      );
    }
    case 'complete':
      throw new Error('a complete store is not a problem');
  }
}
