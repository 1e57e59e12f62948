import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { GatehouseError } from '../common/errors.js';
import type { RandomSource } from '../common/ports.js';
import { KIT_FILE, PENDING_KIT_FILE, readKit, unwrapStoreKeys, writeKit } from '../secrets/emergency-kit.js';
import { rename } from 'node:fs/promises';
import { oneAtATime } from './custody-lock.js';
import type { Store } from './store.js';
import { keyOpensFirstPage } from './database.js';
import { damagedStoreError } from './failures.js';
import { DATABASE_FILE, MANIFEST_FILE } from './layout.js';
import { keyCheckFor, readManifest, type StoreLocation } from './open.js';

/**
 * Custody of the store key beyond the keychain: the emergency kit that seals it, and putting it
 * back into the keychain from the kit. Of the store itself only the kit's MAC key is written
 * (store/kit-keys.ts).
 */

/**
 * A new emergency kit for the store, from the key in the keychain. Without a kit in force it is in
 * force at once; otherwise it waits (`pending`) until its owner has kept it (keepNewEmergencyKit),
 * so that a kit closed unread never leaves the store with a recovery key no one has.
 */
export function createEmergencyKit(location: StoreLocation, store: Store, random: RandomSource, now: Date): Promise<{ recoveryKey: string; storeId: string; pending: boolean }> {
  return oneAtATime(location.dataDir, async () => {
    const manifest = await readManifest(location.dataDir);
    const key = await location.keychain.readStoreKey(manifest.storeId);
    if (!key || (manifest.keyCheck !== undefined && keyCheckFor(key, manifest.storeId) !== manifest.keyCheck)) {
      throw new GatehouseError('store_locked', 'The store key is not in the keychain, so no emergency kit can be made. Nothing was changed.');
    }
    const pending = hasEmergencyKit(location.dataDir);
    const made = await writeKit(location.dataDir, manifest.storeId, key, keyCheckFor(key, manifest.storeId), random, now, pending ? PENDING_KIT_FILE : KIT_FILE);
    store.kitKeys.remember(made.publicKey, made.macKey, now.getTime());
    return { recoveryKey: made.recoveryKey, storeId: manifest.storeId, pending };
  });
}

/** The new kit, kept by its owner, replaces the one in force: the old recovery key stops working. */
export function keepNewEmergencyKit(location: StoreLocation): Promise<void> {
  return oneAtATime(location.dataDir, async () => {
    const manifest = await readManifest(location.dataDir);
    const kit = await readKit(location.dataDir, PENDING_KIT_FILE);
    const none = 'There is no new emergency kit waiting to be kept: the store key was replaced since it was made, or it was kept already. Make a new one.';
    if (!kit || kit.storeId !== manifest.storeId || kit.keys.some((sealed) => sealed.keyCheck !== manifest.keyCheck)) throw new GatehouseError('conflict', none);
    await rename(join(location.dataDir, PENDING_KIT_FILE), join(location.dataDir, KIT_FILE));
  });
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
  // During a rotation the kit holds the old key and the new: the one that opens the store comes
  // back (the next open settles the rotation from there).
  const known = [manifest.keyCheck, manifest.nextKeyCheck];
  const ours = keys.filter((candidate) => known.includes(keyCheckFor(candidate, manifest.storeId)));
  if (ours.length === 0) throw new GatehouseError('store_locked', 'The key in this emergency kit is not the key of this store. Nothing was changed.');
  const key = ours.find((candidate) => keyOpensFirstPage(path, candidate));
  if (!key) throw damagedStoreError(path, ['the key from the emergency kit does not open its first page']);
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
