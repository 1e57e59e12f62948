import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { GatehouseError } from '../common/errors.js';
import type { RandomSource } from '../common/ports.js';
import { KIT_FILE, readKit, unwrapStoreKeys, writeKit } from '../secrets/emergency-kit.js';
import { keyOpensFirstPage } from './database.js';
import { damagedStoreError } from './failures.js';
import { DATABASE_FILE, MANIFEST_FILE } from './layout.js';
import { keyCheckFor, readManifest, type StoreLocation } from './open.js';

/**
 * Custody of the store key beyond the keychain: the emergency kit that wraps it, and putting it
 * back into the keychain from the kit. Nothing here ever writes to the store itself.
 */

/** A new emergency kit for the store, from the key in the keychain; any earlier kit stops working. Returns the recovery key. */
export async function createEmergencyKit(location: StoreLocation, random: RandomSource, now: Date): Promise<{ recoveryKey: string; storeId: string }> {
  const manifest = await readManifest(location.dataDir);
  const key = await location.keychain.readStoreKey(manifest.storeId);
  if (!key || (manifest.keyCheck !== undefined && keyCheckFor(key, manifest.storeId) !== manifest.keyCheck)) {
    throw new GatehouseError('store_locked', 'The store key is not in the keychain, so no emergency kit can be made. Nothing was changed.');
  }
  return { recoveryKey: await writeKit(location.dataDir, manifest.storeId, key, keyCheckFor(key, manifest.storeId), random, now), storeId: manifest.storeId };
}

/** Whether the data folder holds an emergency kit (the app offers "Restore access" then). */
export const hasEmergencyKit = (dataDir: string): boolean => existsSync(join(dataDir, KIT_FILE));

/**
 * The keychain lost the store key (a reinstall, a new profile, a changed keyring): the recovery
 * key unwraps it from the kit, it must open this very store (its check value and its first
 * page), and only then is it seated in the keychain again. The store is read, never written.
 */
export async function restoreAccessWithKit(location: StoreLocation, typedRecoveryKey: string): Promise<'restored' | 'already_there'> {
  const { dataDir, keychain } = location;
  const path = join(dataDir, DATABASE_FILE);
  if (!existsSync(path) || !existsSync(join(dataDir, MANIFEST_FILE))) {
    throw new GatehouseError('store_missing', `There is no Gatehouse store in ${dataDir} to restore access to.`);
  }
  const manifest = await readManifest(dataDir);
  const kit = await readKit(dataDir);
  if (!kit)
    throw new GatehouseError('store_locked', `There is no emergency kit (${KIT_FILE}) in ${dataDir}: restore it from a backup, or use a backup of the store. Nothing was changed.`);
  const keys = await unwrapStoreKeys(kit, manifest.storeId, typedRecoveryKey);
  // The check value is what proves the key is this store's: without one, nothing is put back.
  if (manifest.keyCheck === undefined)
    throw new GatehouseError('store_incompatible', 'This store has no key check value yet, so a key cannot be proved to be its own. Nothing was changed.');
  // During a rotation the kit holds the old key and the new: the one the manifest names comes back.
  const key = keys.find((candidate) => keyCheckFor(candidate, manifest.storeId) === manifest.keyCheck);
  if (!key) throw new GatehouseError('store_locked', 'The key in this emergency kit is not the key of this store. Nothing was changed.');
  if (!keyOpensFirstPage(path, key)) throw damagedStoreError(path, ['the key from the emergency kit does not open its first page']);
  const present = await keychain.readStoreKey(manifest.storeId).catch(() => null);
  if (present?.equals(key)) return 'already_there';
  if (present && keychain.backend === 'file') {
    throw new GatehouseError('store_locked', `${keychain.describe(manifest.storeId)} holds another key: move that file away, then restore again. Nothing was changed.`);
  }
  if (present) await keychain.deleteStoreKey(manifest.storeId);
  await keychain.writeStoreKey(manifest.storeId, key);
  const readBack = await keychain.readStoreKey(manifest.storeId);
  if (!readBack?.equals(key)) throw new GatehouseError('keychain_unavailable', `${keychain.describe(manifest.storeId)} did not keep the store key (is it locked?).`);
  return 'restored';
}
