import { createHmac } from 'node:crypto';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { chmod, link, mkdir, readFile, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { GatehouseError } from '../common/errors.js';
import { writeFileAtomically } from '../common/durable-file.js';
import type { RandomSource } from '../common/ports.js';
import { randomId } from '../common/ports.js';
import type { Keychain } from '../secrets/keychain.js';
import { KEY_FILE_NAME } from '../secrets/file-keychain.js';
import { dataFolderProblem, inspectDataFolder, STAGING_DIR } from './data-folder.js';
import { keyOpensFirstPage, openEncryptedDatabase, STORE_KEY_BYTES } from './database.js';
import { damagedStoreError } from './failures.js';
import { DATABASE_FILE, MANIFEST_FILE, StoreManifest } from './layout.js';
import { Store } from './store.js';
import { rotationUnsettled, settleInterruptedRotation } from './rotation.js';

export interface StoreLocation {
  dataDir: string;
  keychain: Keychain;
  /** Where notices go (a folder whose permissions had to be tightened); standard error by default. */
  warn?: (message: string) => void;
}

export interface OpenStoreOptions {
  /** For commands that only read: no write is made, and a read-only folder is fine. */
  readOnly?: boolean;
}

const isWindows = process.platform === 'win32';

export async function readManifest(dataDir: string): Promise<StoreManifest> {
  const path = join(dataDir, MANIFEST_FILE);
  const text = await readFile(path, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new GatehouseError(
      'store_incompatible',
      `${path} is not valid JSON (${(error as Error).message}). Restore it from a backup; it names the store's key. Nothing was changed.`,
    );
  }
  const parsed = StoreManifest.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new GatehouseError(
      'store_incompatible',
      `${path} is not a Gatehouse store manifest (${issue.path.join('.') || 'file'}: ${issue.message}). Restore it from a backup. Nothing was changed.`,
    );
  }
  return parsed.data;
}

/**
 * Moves a staged file into place, refusing (EEXIST) if something is already there: another
 * init that won a race, or a store this one could not see. A hard link cannot replace a file,
 * which rename would do silently.
 */
export async function installWithoutReplacing(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new GatehouseError('store_exists', `${to} appeared while the store was being made; nothing was replaced.`);
    throw error;
  }
  await unlink(from);
}

export const writeManifest = (path: string, manifest: StoreManifest): Promise<void> => writeFileAtomically(path, `${JSON.stringify(manifest, null, 2)}\n`);

/** An HMAC of the store id under the key: says "this key opened this store" without saying anything of the key. */
export function keyCheckFor(key: Buffer, storeId: string): string {
  return createHmac('sha256', key).update(`gatehouse store key check\0${storeId}`).digest().subarray(0, 16).toString('base64url');
}

/** True when a complete store is there (the app's start decides between sign-in and first run with this). */
export function storeExists(dataDir: string, keychain: Keychain): boolean {
  return inspectDataFolder(dataDir, keychain.backend).kind !== 'empty';
}

/**
 * Creates a new store, only in a folder that holds nothing of Gatehouse. Everything is built in
 * a staging folder and moved into place at the end, so an init that fails (a full disk, a
 * locked keychain, a crash) leaves either nothing or a staging folder that the next init names.
 */
export async function createStore(location: StoreLocation, random: RandomSource, now: Date): Promise<Store> {
  const { dataDir, keychain } = location;
  const state = inspectDataFolder(dataDir, keychain.backend);
  if (state.kind === 'complete') throw new GatehouseError('store_exists', `A Gatehouse store already exists in ${dataDir}.`);
  if (state.kind !== 'empty') throw dataFolderProblem(dataDir, state);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await tightenFolder(dataDir, null); // a folder made moments ago (Electron makes its own) needs no notice
  const staging = join(dataDir, STAGING_DIR);
  try {
    await mkdir(staging, { mode: 0o700 }); // exclusive: of two inits at once, one goes on
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new GatehouseError('store_exists', `Another Gatehouse is creating a store in ${dataDir} right now.`);
    throw error;
  }

  const storeId = randomId(random);
  const key = random.bytes(STORE_KEY_BYTES);
  let keyWritten = false;
  const installed: string[] = [];
  try {
    // The file keychain writes into the staging folder; the OS keychain under the new store's id.
    const stagedKeychain = keychain.at(staging);
    await stagedKeychain.writeStoreKey(storeId, key);
    keyWritten = true;
    const readBack = await stagedKeychain.readStoreKey(storeId);
    if (!readBack?.equals(key)) {
      throw new GatehouseError('keychain_unavailable', `${keychain.describe(storeId)} did not keep the store key (is it locked?). No store was created.`);
    }
    const stagedDb = join(staging, DATABASE_FILE);
    new Store(openEncryptedDatabase(stagedDb, key, { create: true }), stagedDb, storeId).close();
    await writeManifest(join(staging, MANIFEST_FILE), { format: 1, storeId, createdAt: now.toISOString(), keyCheck: keyCheckFor(key, storeId) });

    // The manifest moves last: until it is in place, the folder reads as incomplete, never as a store.
    for (const name of [...(keychain.backend === 'file' ? [KEY_FILE_NAME] : []), DATABASE_FILE, MANIFEST_FILE]) {
      await installWithoutReplacing(join(staging, name), join(dataDir, name));
      installed.push(name);
    }
    await rm(staging, { recursive: true });
  } catch (error) {
    // Nothing of this store was ever used: take back what this init made, down to the keychain entry.
    if (!installed.includes(MANIFEST_FILE)) {
      for (const name of installed) await rm(join(dataDir, name), { force: true }).catch(() => undefined);
      await rm(staging, { recursive: true, force: true }).catch(() => undefined);
      if (keyWritten && keychain.backend !== 'file') await keychain.deleteStoreKey(storeId).catch(() => undefined);
    }
    throw error;
  }
  return openStore(location);
}

/**
 * Opens an existing, complete store with its key from the keychain. A missing or wrong key, a
 * missing part, or a damaged first page changes nothing and says which it is.
 */
export async function openStore(location: StoreLocation, options: OpenStoreOptions = {}): Promise<Store> {
  const { dataDir, keychain } = location;
  const state = inspectDataFolder(dataDir, keychain.backend);
  if (state.kind !== 'complete') throw dataFolderProblem(dataDir, state);
  const path = join(dataDir, DATABASE_FILE);
  let manifest = await readManifest(dataDir);
  // A key rotation that was interrupted is finished or undone first (where this user may write).
  if (rotationUnsettled(dataDir, manifest) && canWrite(dataDir)) {
    await settleInterruptedRotation(location, manifest);
    manifest = await readManifest(dataDir);
  }
  const key = await keychain.readStoreKey(manifest.storeId);
  if (!key) {
    const hint =
      keychain.backend === 'os' && existsSync(join(dataDir, KEY_FILE_NAME))
        ? ' This store keeps its key in a file: use --keychain file (or GATEHOUSE_KEYCHAIN=file).'
        : keychain.backend === 'file'
          ? ' If this store keeps its key in the OS keychain, use --keychain os.'
          : ' If the keychain is locked, unlock it and try again.';
    throw new GatehouseError('store_locked', `The key for the store in ${dataDir} is not in ${keychain.describe(manifest.storeId)}.${hint} Nothing was changed.`);
  }
  const check = keyCheckFor(key, manifest.storeId);
  if (manifest.keyCheck !== undefined && manifest.keyCheck !== check) {
    throw new GatehouseError(
      'store_locked',
      `The key in ${keychain.describe(manifest.storeId)} does not open the store in ${dataDir}: it is not this store's key. Nothing was changed.`,
    );
  }
  // A 0-byte file would open as a new, empty database: never let it, whatever the key.
  if (statSync(path).size === 0) throw damagedStoreError(path, ['the file is empty (0 bytes)']);
  if (!keyOpensFirstPage(path, key)) {
    if (manifest.keyCheck === check) throw damagedStoreError(path, ['its first page, which holds the salt, fails its check although the key is right']);
    throw new GatehouseError('store_locked', `The store key does not open ${path}: the key is wrong or the file is damaged or not a Gatehouse store. Nothing was changed.`);
  }

  const writable = canWrite(dataDir) && canWrite(path);
  if (!options.readOnly && !writable) {
    throw new GatehouseError(
      'store_readonly',
      `Gatehouse cannot write to ${dataDir}: the folder or the store in it is read-only. Commands that only read (users list, audit, doctor) still work. Nothing was changed.`,
    );
  }
  if (!options.readOnly) await tightenStoreFiles(dataDir, location);
  const readOnly = options.readOnly ? (writable ? 'in_place' : 'private_copy') : undefined;
  const store = new Store(openEncryptedDatabase(path, key, { create: false, readOnly }), path, manifest.storeId);
  // Stores made before the check value existed learn it at their first writable open.
  if (!options.readOnly && store.damage.length === 0 && manifest.keyCheck === undefined) {
    await writeManifest(join(dataDir, MANIFEST_FILE), { ...manifest, keyCheck: check });
  }
  return store;
}

function canWrite(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** The data folder is private to its owner (0700); a more open existing one is tightened, and said so. */
export async function tightenFolder(dataDir: string, warn: ((message: string) => void) | null): Promise<void> {
  if (isWindows) return; // the user profile's ACL protects it there (docs/security.md)
  const mode = (await stat(dataDir)).mode & 0o777;
  if (mode === 0o700) return;
  await chmod(dataDir, 0o700);
  warn?.(`notice: ${dataDir} could be read by other users (mode ${mode.toString(8)}); it is now private to you (700).`);
}

/** Store files made by older versions (0644) become 0600, and the folder 0700. */
async function tightenStoreFiles(dataDir: string, location: StoreLocation): Promise<void> {
  await tightenFolder(dataDir, location.warn ?? defaultWarn);
  if (isWindows) return;
  for (const name of [DATABASE_FILE, `${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`, MANIFEST_FILE]) {
    const file = join(dataDir, name);
    const mode = existsSync(file) ? (await stat(file)).mode & 0o777 : 0o600;
    if ((mode & 0o077) !== 0) await chmod(file, mode & 0o700);
  }
}

const defaultWarn = (message: string): void => void process.stderr.write(`${message}\n`);
