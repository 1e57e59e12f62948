import { closeSync, copyFileSync, existsSync, fsyncSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { GatehouseError } from '../common/errors.js';
import { syncFolder } from '../common/durable-file.js';
import { oneAtATime, takeRotationLock } from './custody-lock.js';
import type { RandomSource } from '../common/ports.js';
import { addKeyToKit, keepOnlyKeyInKit, PENDING_KIT_FILE, readKit } from '../secrets/emergency-kit.js';
import { keyOpensEveryPage, keyOpensFirstPage, openEncryptedDatabase, STORE_KEY_BYTES } from './database.js';
import { DATABASE_FILE, MANIFEST_FILE, ROTATION_COPY, type StoreManifest } from './layout.js';
import { keyCheckFor, readManifest, writeManifest, type StoreLocation } from './open.js';
import type { Store } from './store.js';

/**
 * Rotating the store key: a new key for the same store, with the old one forgotten. Every step
 * leaves a store that opens with the old key or with the new one, never with neither, because
 * both wait where the next open looks (the keychain's current and `next` slots, and the
 * emergency kit) until the store is proved to open with the new one:
 *
 *   1. the manifest names the new key's check value, and the key goes into the keychain's `next` slot;
 *   2. the emergency kit gets the new key sealed to it beside the old (no recovery key needed);
 *   3. the database is copied as it stands (`gatehouse.db.before-rotation`), under an exclusive
 *      lock, then re-encrypted in place, checked, and put back in WAL mode;
 *   4. the manifest names the new key alone (the point of no return), the keychain's `next`
 *      becomes its current key, the kit forgets the old key, and the copy goes.
 *
 * Opening a store whose manifest names a next key, or beside such a copy, settles an
 * interrupted rotation first (settleInterruptedRotation): forward when the new key opens the database,
 * back when the old one does, and from the copy when the rekey was cut short and neither does.
 */

export type RotationStep = 'manifest_marked' | 'next_key_seated' | 'kit_sealed' | 'copy_made' | 'rekeyed' | 'manifest_committed' | 'keychain_promoted' | 'kit_trimmed';

export interface RotationResult {
  /** Whether an emergency kit was there to seal the new key to (its recovery key is unchanged). */
  kitUpdated: boolean;
}

/** Copies a file and flushes it, and the folder's entry for it, to the disk before going on. */
function copyDurably(from: string, to: string): void {
  copyFileSync(from, to);
  for (const [path, flags] of [[to, 'r+'], ...(process.platform === 'win32' ? [] : [[dirname(to), 'r']])] as const) {
    const fd = openSync(path, flags);
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
}

/**
 * Makes a new store key and re-encrypts the open store with it (see above). The store stays open
 * through this connection; any other Gatehouse with it open makes this refuse (`busy`) before
 * anything changes. `afterStep` is for tests that stop the process at each step.
 */
export function rotateStoreKey(location: StoreLocation, store: Store, random: RandomSource, afterStep: (step: RotationStep) => void = () => {}): Promise<RotationResult> {
  return oneAtATime(location.dataDir, async () => {
    const release = await takeRotationLock(location.dataDir);
    try {
      return await rotate(location, store, random, afterStep);
    } finally {
      await release();
    }
  });
}

async function rotate(location: StoreLocation, store: Store, random: RandomSource, afterStep: (step: RotationStep) => void): Promise<RotationResult> {
  const { dataDir, keychain } = location;
  if (store.damage.length > 0) throw new GatehouseError('store_damaged', 'A damaged store cannot be rotated: restore it from a backup first. Nothing was changed.');
  const marked = await readManifest(dataDir);
  if (marked.nextKeyCheck !== undefined) await settleRotation(location, marked);
  // Read after settling: an earlier rotation may have just been finished.
  const manifest = await readManifest(dataDir);
  const { storeId } = manifest;
  const current = await keychain.readStoreKey(storeId);
  if (!current || manifest.keyCheck === undefined || keyCheckFor(current, storeId) !== manifest.keyCheck) {
    throw new GatehouseError('store_locked', "The store key in the keychain is not this store's, so it cannot be rotated. Nothing was changed.");
  }
  // A new kit not yet kept holds the old key: it could never be kept now.
  await rm(join(dataDir, PENDING_KIT_FILE), { force: true });
  const kit = await readKit(dataDir);
  if (kit && kit.storeId !== storeId) throw new GatehouseError('store_incompatible', 'The emergency kit beside this store was made for another store. Nothing was changed.');
  const macKey = kit ? store.kitKeys.macKeyFor(kit.publicKey) : null;
  if (kit && !macKey) {
    throw new GatehouseError(
      'conflict',
      'The emergency kit beside this store cannot take a new key (it was made by an earlier Gatehouse): make a new kit, then rotate. Nothing was changed.',
    );
  }

  const next = random.bytes(STORE_KEY_BYTES);
  const nextCheck = keyCheckFor(next, storeId);
  const manifestPath = join(dataDir, MANIFEST_FILE);
  // The manifest first: from here an interrupted rotation is settled at the next open, the next slot emptied.
  await writeManifest(manifestPath, { ...manifest, nextKeyCheck: nextCheck });
  afterStep('manifest_marked');
  try {
    await keychain.deleteStoreKey(storeId, 'next'); // one an earlier rotation left
    await keychain.writeStoreKey(storeId, next, 'next');
    if (!(await keychain.readStoreKey(storeId, 'next'))?.equals(next)) {
      throw new GatehouseError('keychain_unavailable', `${keychain.describe(storeId)} did not keep the new key (is it locked?). Nothing was changed.`);
    }
    afterStep('next_key_seated');
    if (kit && macKey) await addKeyToKit(dataDir, kit, macKey, next, nextCheck, manifest.keyCheck, random);
    afterStep('kit_sealed');
    const path = join(dataDir, DATABASE_FILE);
    store.rekey(next, () => {
      copyDurably(path, join(dataDir, ROTATION_COPY));
      afterStep('copy_made');
    });
  } catch (error) {
    // Refused before the rekey (another Gatehouse has the store open, a keychain that would not
    // keep the key) or failed during it: put things back as the next open would.
    await settleRotation(location, await readManifest(dataDir));
    throw error;
  }
  afterStep('rekeyed');

  await writeManifest(manifestPath, { format: manifest.format, storeId, createdAt: manifest.createdAt, keyCheck: nextCheck });
  afterStep('manifest_committed');
  await keychain.promoteNextKey(storeId, next);
  afterStep('keychain_promoted');
  // Read again: what is on disk now, not what this rotation wrote before.
  const sealed = await readKit(dataDir);
  if (sealed) await keepOnlyKeyInKit(dataDir, sealed, nextCheck);
  afterStep('kit_trimmed');
  await rm(join(dataDir, ROTATION_COPY), { force: true });
  return { kitUpdated: kit !== null };
}

/**
 * True when `key` opens the whole database as it stands, every page checked. Page 1 answers
 * first, so a wrong key never opens the file itself; a rollback journal beside it (a rekey cut
 * short) is played back in a private copy, never on the file, before the pages are checked.
 * Nothing is migrated: this is asked before the store is opened.
 */
function opensWhole(path: string, key: Buffer): boolean {
  if (!existsSync(path)) return false;
  const journal = existsSync(`${path}-journal`);
  if (!journal && !keyOpensFirstPage(path, key)) return false;
  if (!journal) return keyOpensEveryPage(path, key, false);
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-rotation-probe-'));
  try {
    const probe = join(dir, DATABASE_FILE);
    copyFileSync(path, probe);
    copyFileSync(`${path}-journal`, `${probe}-journal`);
    return keyOpensEveryPage(probe, key, true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Whether the data folder shows a rotation that did not finish: the next open settles it. */
export const rotationUnsettled = (dataDir: string, manifest: StoreManifest): boolean => manifest.nextKeyCheck !== undefined || existsSync(join(dataDir, ROTATION_COPY));

/** Settles an interrupted rotation (below) under the rotation lock: never while one is under way. */
export function settleInterruptedRotation(location: StoreLocation, manifest: StoreManifest): Promise<void> {
  return oneAtATime(location.dataDir, async () => {
    const release = await takeRotationLock(location.dataDir);
    try {
      await settleRotation(location, manifest);
    } finally {
      await release();
    }
  });
}

/**
 * Finishes or undoes a rotation that was interrupted, from what the keychain holds and what
 * opens the database:
 *
 * - the key of the two (current, next) that opens the whole database is the store's: the
 *   manifest, the keychain and the kit are set to it, and the copy goes;
 * - when neither does, the rotation was under way (the manifest names a next key), and the copy
 *   made before the rekey opens whole with one of them, the copy is put back: the database as it
 *   stands (and its journal) is moved aside, never deleted, as `gatehouse.db.torn-<time>`;
 * - otherwise nothing is changed: the open that follows says what it finds, and every file,
 *   the copy included, stays for a person to look at.
 */
async function settleRotation(location: StoreLocation, manifest: StoreManifest): Promise<void> {
  const { dataDir, keychain } = location;
  const path = join(dataDir, DATABASE_FILE);
  const copy = join(dataDir, ROTATION_COPY);
  const known = new Set([manifest.keyCheck, manifest.nextKeyCheck].filter((check) => check !== undefined));
  const current = await keychain.readStoreKey(manifest.storeId);
  const next = await keychain.readStoreKey(manifest.storeId, 'next');
  // Stores from before the check value existed never rotated: their current key is theirs.
  const candidates = [current, next].filter((key): key is Buffer => key !== null && (known.size === 0 || known.has(keyCheckFor(key, manifest.storeId))));
  let key = candidates.find((candidate) => opensWhole(path, candidate));
  if (!key) {
    if (manifest.nextKeyCheck === undefined || !existsSync(copy)) return;
    key = candidates.find((candidate) => opensWhole(copy, candidate));
    if (!key) return;
    // The rekey was cut short (or left damage): the copy made just before it is the store as it was.
    const torn = `${path}.torn-${Date.now()}`;
    await rename(path, torn);
    if (existsSync(`${path}-journal`)) await rename(`${path}-journal`, `${torn}-journal`);
    await rename(copy, path);
    await syncFolder(dataDir);
  }
  if (existsSync(`${path}-journal`)) {
    // The journal of a rekey that never committed: SQLite plays it back with the old key.
    const opened = openEncryptedDatabase(path, key, { create: false });
    opened.db.close();
  }
  const check = keyCheckFor(key, manifest.storeId);
  await writeManifest(join(dataDir, MANIFEST_FILE), { format: manifest.format, storeId: manifest.storeId, createdAt: manifest.createdAt, keyCheck: check });
  if (!current?.equals(key)) await keychain.promoteNextKey(manifest.storeId, key);
  else if (next) await keychain.deleteStoreKey(manifest.storeId, 'next');
  const kit = await readKit(dataDir).catch(() => null);
  if (kit) await keepOnlyKeyInKit(dataDir, kit, check);
  await rm(copy, { force: true });
}
