import { closeSync, copyFileSync, existsSync, fsyncSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GatehouseError } from '../common/errors.js';
import type { RandomSource } from '../common/ports.js';
import { addKeyToKit, keepOnlyKeyInKit, readKit } from '../secrets/emergency-kit.js';
import { keyOpensFirstPage, openEncryptedDatabase, pageDamage, STORE_KEY_BYTES } from './database.js';
import { DATABASE_FILE, MANIFEST_FILE, ROTATION_COPY, ROTATION_LOCK, type StoreManifest } from './layout.js';
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

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** The rotation lock: one rotation (or settling) at a time; a lock whose process is gone is taken over. */
async function takeLock(dataDir: string): Promise<() => Promise<void>> {
  const path = join(dataDir, ROTATION_LOCK);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(readFileSync(path, 'utf8'), 10);
      if (Number.isInteger(holder) && holder !== process.pid && alive(holder)) {
        throw new GatehouseError('busy', `The store key is being rotated right now (process ${holder}). Try again in a moment.`);
      }
      await rm(path, { force: true });
    }
  }
  throw new GatehouseError('busy', 'The store key is being rotated right now. Try again in a moment.');
}

/** Copies a file and flushes it to the disk before going on. */
function copyDurably(from: string, to: string): void {
  copyFileSync(from, to);
  const fd = openSync(to, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Makes a new store key and re-encrypts the open store with it (see above). The store stays open
 * through this connection; any other Gatehouse with it open makes this refuse (`busy`) before
 * anything changes. `afterStep` is for tests that stop the process at each step.
 */
export async function rotateStoreKey(location: StoreLocation, store: Store, random: RandomSource, afterStep: (step: RotationStep) => void = () => {}): Promise<RotationResult> {
  const { dataDir, keychain } = location;
  if (store.damage.length > 0) throw new GatehouseError('store_damaged', 'A damaged store cannot be rotated: restore it from a backup first. Nothing was changed.');
  const release = await takeLock(dataDir);
  try {
    const manifest = await readManifest(dataDir);
    if (manifest.nextKeyCheck !== undefined) await settleRotation(location, manifest);
    const current = await keychain.readStoreKey(manifest.storeId);
    if (!current || keyCheckFor(current, manifest.storeId) !== (await readManifest(dataDir)).keyCheck) {
      throw new GatehouseError('store_locked', "The store key in the keychain is not this store's, so it cannot be rotated. Nothing was changed.");
    }
    const kit = await readKit(dataDir);
    if (kit && kit.storeId !== manifest.storeId)
      throw new GatehouseError('store_incompatible', 'The emergency kit beside this store was made for another store. Nothing was changed.');

    const next = random.bytes(STORE_KEY_BYTES);
    const nextCheck = keyCheckFor(next, manifest.storeId);
    const manifestPath = join(dataDir, MANIFEST_FILE);
    // The manifest first: from here an interrupted rotation is settled at the next open, the next slot emptied.
    await writeManifest(manifestPath, { ...manifest, nextKeyCheck: nextCheck });
    afterStep('manifest_marked');
    await keychain.deleteStoreKey(manifest.storeId, 'next'); // one an earlier rotation left
    await keychain.writeStoreKey(manifest.storeId, next, 'next');
    if (!(await keychain.readStoreKey(manifest.storeId, 'next'))?.equals(next)) {
      await settleRotation(location, await readManifest(dataDir));
      throw new GatehouseError('keychain_unavailable', `${keychain.describe(manifest.storeId)} did not keep the new key (is it locked?). Nothing was changed.`);
    }
    afterStep('next_key_seated');
    const sealed = kit ? await addKeyToKit(dataDir, kit, next, nextCheck, random) : null;
    afterStep('kit_sealed');

    const path = join(dataDir, DATABASE_FILE);
    try {
      store.rekey(next, () => {
        copyDurably(path, join(dataDir, ROTATION_COPY));
        afterStep('copy_made');
      });
    } catch (error) {
      // Refused before the rekey (another Gatehouse has the store open) or failed during it: put
      // things back as the next open would, from the keys and the copy.
      await settleRotation(location, await readManifest(dataDir));
      throw error;
    }
    afterStep('rekeyed');
    if (!keyOpensFirstPage(path, next))
      throw new GatehouseError(
        'store_damaged',
        'The store does not open with its new key; it is settled at its next open. Nothing was lost: the copy made before the rotation is kept.',
      );

    await writeManifest(manifestPath, { format: manifest.format, storeId: manifest.storeId, createdAt: manifest.createdAt, keyCheck: nextCheck });
    afterStep('manifest_committed');
    await keychain.promoteNextKey(manifest.storeId);
    afterStep('keychain_promoted');
    if (sealed) await keepOnlyKeyInKit(dataDir, sealed, nextCheck);
    afterStep('kit_trimmed');
    await rm(join(dataDir, ROTATION_COPY), { force: true });
    return { kitUpdated: sealed !== null };
  } finally {
    await release();
  }
}

/**
 * True when `key` opens the whole database as it stands. A rollback journal beside it (a rekey
 * cut short) is played back in a private copy, never on the file itself, before the pages are
 * checked; without one, page 1 answers for the key.
 */
function opensWhole(path: string, key: Buffer): boolean {
  if (!existsSync(path)) return false;
  if (!existsSync(`${path}-journal`)) return keyOpensFirstPage(path, key);
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-rotation-probe-'));
  try {
    const copy = join(dir, DATABASE_FILE);
    copyFileSync(path, copy);
    copyFileSync(`${path}-journal`, `${copy}-journal`);
    // Writable: playing a journal back writes, and this copy is private.
    const opened = openEncryptedDatabase(copy, key, { create: false });
    try {
      return opened.damage.length === 0 && pageDamage(opened.db).length === 0;
    } finally {
      opened.db.close();
      opened.cleanup();
    }
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Whether the data folder shows a rotation that did not finish: the next open settles it. */
export const rotationUnsettled = (dataDir: string, manifest: StoreManifest): boolean => manifest.nextKeyCheck !== undefined || existsSync(join(dataDir, ROTATION_COPY));

/** Settles an interrupted rotation (below) under the rotation lock: never while one is under way. */
export async function settleInterruptedRotation(location: StoreLocation, manifest: StoreManifest): Promise<void> {
  const release = await takeLock(location.dataDir);
  try {
    await settleRotation(location, manifest);
  } finally {
    await release();
  }
}

/**
 * Finishes or undoes a rotation that was interrupted, from what the keychain holds and what
 * opens the database. Nothing is changed when no key this store knows opens it: the open that
 * follows then says so, as for any missing key, and the copy stays for a person to look at.
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
  if (!key && existsSync(copy)) {
    // The rekey was cut short: the copy made just before it is the store as it was.
    key = candidates.find((candidate) => keyOpensFirstPage(copy, candidate));
    if (!key) return;
    await rm(`${path}-journal`, { force: true });
    await rename(copy, path);
  }
  if (!key) return;
  if (existsSync(`${path}-journal`)) {
    // The journal of a rekey that never committed: SQLite plays it back with the old key.
    const opened = openEncryptedDatabase(path, key, { create: false });
    opened.db.close();
  }
  const check = keyCheckFor(key, manifest.storeId);
  await writeManifest(join(dataDir, MANIFEST_FILE), { format: manifest.format, storeId: manifest.storeId, createdAt: manifest.createdAt, keyCheck: check });
  if (next?.equals(key) && !current?.equals(key)) await keychain.promoteNextKey(manifest.storeId);
  else if (next) await keychain.deleteStoreKey(manifest.storeId, 'next');
  const kit = await readKit(dataDir).catch(() => null);
  if (kit) await keepOnlyKeyInKit(dataDir, kit, check);
  await rm(copy, { force: true });
}
