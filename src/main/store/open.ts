import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GatehouseError } from '../core/errors.js';
import type { RandomSource } from '../core/ports.js';
import { randomId } from '../core/ports.js';
import type { Keychain } from '../secrets/keychain.js';
import { KEY_FILE_NAME } from '../secrets/file-keychain.js';
import { openEncryptedDatabase, STORE_KEY_BYTES } from './database.js';
import { DATABASE_FILE, MANIFEST_FILE, StoreManifest } from './layout.js';
import { Store } from './store.js';

export interface StoreLocation {
  dataDir: string;
  keychain: Keychain;
}

async function readManifest(dataDir: string): Promise<StoreManifest | null> {
  let text: string;
  try {
    text = await readFile(join(dataDir, MANIFEST_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const parsed = StoreManifest.safeParse(JSON.parse(text));
  if (!parsed.success) throw new GatehouseError('store_incompatible', `${join(dataDir, MANIFEST_FILE)} is not a Gatehouse store manifest.`);
  return parsed.data;
}

async function writeManifest(dataDir: string, manifest: StoreManifest): Promise<void> {
  const path = join(dataDir, MANIFEST_FILE);
  await writeFile(`${path}.tmp`, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  await rename(`${path}.tmp`, path);
}

export function storeExists(dataDir: string): boolean {
  return existsSync(join(dataDir, DATABASE_FILE));
}

/**
 * Creates a new store: a fresh random key in the keychain (checked by reading it back), then
 * the encrypted database. Refused where a store already exists.
 */
export async function createStore({ dataDir, keychain }: StoreLocation, random: RandomSource, now: Date): Promise<Store> {
  if (storeExists(dataDir)) throw new GatehouseError('store_exists', `A Gatehouse store already exists in ${dataDir}.`);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const manifest: StoreManifest = { format: 1, storeId: randomId(random), createdAt: now.toISOString() };
  const key = random.bytes(STORE_KEY_BYTES);
  if (keychain.backend === 'file' && existsSync(join(dataDir, KEY_FILE_NAME))) {
    throw new GatehouseError('store_exists', `${join(dataDir, KEY_FILE_NAME)} already exists; remove it only if no store needs it.`);
  }
  await keychain.writeStoreKey(manifest.storeId, key);
  const readBack = await keychain.readStoreKey(manifest.storeId);
  if (!readBack?.equals(key)) {
    throw new GatehouseError('keychain_unavailable', `${keychain.describe(manifest.storeId)} did not keep the store key (is it locked?). No store was created.`);
  }
  await writeManifest(dataDir, manifest);
  const path = join(dataDir, DATABASE_FILE);
  return new Store(openEncryptedDatabase(path, key, { create: true }), path, manifest.storeId);
}

/** Opens an existing store with its key from the keychain. A missing or wrong key changes nothing. */
export async function openStore({ dataDir, keychain }: StoreLocation): Promise<Store> {
  const path = join(dataDir, DATABASE_FILE);
  const manifest = await readManifest(dataDir);
  if (!storeExists(dataDir)) {
    throw new GatehouseError('store_missing', `There is no Gatehouse store in ${dataDir}. Create one with "gatehouse init" or by starting the app.`);
  }
  if (!manifest) throw new GatehouseError('store_incompatible', `${join(dataDir, MANIFEST_FILE)} is missing, so the store's key cannot be found.`);
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
  return new Store(openEncryptedDatabase(path, key, { create: false }), path, manifest.storeId);
}
