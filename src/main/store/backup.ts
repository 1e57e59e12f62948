import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { access, mkdir, mkdtemp, open, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { GatehouseError } from '../common/errors.js';
import { KIT_FILE, KitFile, readKit, unwrapStoreKeys } from '../secrets/emergency-kit.js';
import { KEY_FILE_NAME } from '../secrets/file-keychain.js';
import { dataFolderProblem, inspectDataFolder, STAGING_DIR } from './data-folder.js';
import { keyOpensFirstPage, openEncryptedDatabase } from './database.js';
import { DATABASE_FILE, MANIFEST_FILE } from './layout.js';
import { SCHEMA_VERSION } from './migrations.js';
import { installWithoutReplacing, keyCheckFor, openStore, readManifest, tightenFolder, writeManifest, type StoreLocation } from './open.js';
import { Store } from './store.js';
import { oneAtATime } from './custody-lock.js';

/**
 * A backup is one file: a first line that says what it is, a line of JSON that describes it (when,
 * which store, its schema, the audit trail's head, the database's SHA-256, and the emergency kit's
 * sealing of the store key), a line with an HMAC of that description under the store key, then
 * the database itself, encrypted as it is in the store. It opens anywhere with the emergency
 * kit's recovery key, and with nothing else; the HMAC means no one without the key can change
 * what the description says (its time, its audit head) or the database it vouches for.
 */
const MAGIC = 'GATEHOUSE BACKUP 2\n';
const MAX_HEADER_BYTES = 64 * 1024;

const BackupHeader = z.object({
  format: z.literal(2),
  storeId: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
  storeCreatedAt: z.string(),
  madeAt: z.string(),
  schemaVersion: z.number().int().min(1),
  keyCheck: z.string().regex(/^[A-Za-z0-9_-]{22}$/),
  auditHead: z.object({ id: z.number().int(), at: z.number(), chain: z.string() }).nullable(),
  databaseSha256: z.string().regex(/^[0-9a-f]{64}$/),
  kit: KitFile,
});
export type BackupHeader = z.infer<typeof BackupHeader>;

/** The HMAC of a backup's description line, exactly as written, under a key derived from the store key. */
const headerMac = (key: Buffer, headerLine: Buffer): string =>
  createHmac('sha256', createHmac('sha256', key).update('gatehouse backup header').digest()).update(headerLine).digest('base64url');

/**
 * Writes a backup of the open store to a new file (never over another); the store keeps working
 * meanwhile. Never during a key rotation in this process: the key check value it records and the
 * database it copies must be of the same key.
 */
export function writeBackup(location: StoreLocation, store: Store, out: string, now: Date): Promise<BackupHeader> {
  return oneAtATime(location.dataDir, () => writeBackupNow(location, store, out, now));
}

async function writeBackupNow(location: StoreLocation, store: Store, out: string, now: Date): Promise<BackupHeader> {
  const kit = await readKit(location.dataDir);
  if (!kit || kit.storeId !== store.storeId) {
    throw new GatehouseError('conflict', 'A backup opens with the emergency kit: make one first ("gatehouse kit create", or Accounts → Emergency kit).');
  }
  const manifest = await readManifest(location.dataDir);
  if (!manifest.keyCheck) throw new GatehouseError('conflict', 'Open this store once with Gatehouse before backing it up.');
  const scratch = await mkdtemp(join(tmpdir(), 'gatehouse-backup-'));
  try {
    const copy = join(scratch, DATABASE_FILE);
    store.copyTo(copy);
    const database = await readFile(copy);
    const header: BackupHeader = {
      format: 2,
      storeId: store.storeId,
      storeCreatedAt: manifest.createdAt,
      madeAt: now.toISOString(),
      schemaVersion: store.schemaVersion,
      keyCheck: manifest.keyCheck,
      auditHead: store.audit.head(),
      databaseSha256: createHash('sha256').update(database).digest('hex'),
      kit,
    };
    const key = await location.keychain.readStoreKey(store.storeId);
    if (!key || keyCheckFor(key, store.storeId) !== manifest.keyCheck)
      throw new GatehouseError('store_locked', "The store key in the keychain is not this store's: no backup was made.");
    const headerLine = Buffer.from(JSON.stringify(header));
    const handle = await open(out, 'wx', 0o600).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EEXIST') throw new GatehouseError('conflict', `${out} exists already: choose another file, or move it away.`);
      throw error;
    });
    try {
      await handle.writeFile(Buffer.concat([Buffer.from(MAGIC), headerLine, Buffer.from(`\n${headerMac(key, headerLine)}\n`), database]));
      await handle.sync();
    } finally {
      await handle.close();
    }
    return header;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** The header, its line and HMAC, and the database of a backup file, or why it is not one. Nothing is trusted yet. */
async function readBackup(path: string): Promise<{ header: BackupHeader; headerLine: Buffer; mac: string; database: Buffer }> {
  const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
    throw new GatehouseError('not_found', `Cannot read ${path} (${error.code ?? error.message}).`);
  });
  const notBackup = (why: string) => new GatehouseError('store_incompatible', `${path} is not a Gatehouse backup (${why}). Nothing was changed.`);
  if (bytes.subarray(0, MAGIC.length - 2).toString('latin1') === MAGIC.slice(0, -2) && !bytes.subarray(0, MAGIC.length).equals(Buffer.from(MAGIC))) {
    throw notBackup('it was written by another version of Gatehouse, in a format this one does not read');
  }
  if (!bytes.subarray(0, MAGIC.length).equals(Buffer.from(MAGIC))) throw notBackup('it does not start as one');
  const end = bytes.indexOf(10, MAGIC.length);
  if (end < 0 || end - MAGIC.length > MAX_HEADER_BYTES) throw notBackup('its description is missing');
  const macEnd = bytes.indexOf(10, end + 1);
  if (macEnd < 0 || macEnd - end - 1 !== 43) throw notBackup('its seal is missing');
  const headerLine = bytes.subarray(MAGIC.length, end);
  let parsed: ReturnType<typeof BackupHeader.safeParse>;
  try {
    parsed = BackupHeader.safeParse(JSON.parse(headerLine.toString('utf8')));
  } catch {
    throw notBackup('its description is not JSON');
  }
  if (!parsed.success) throw notBackup('its description is not one Gatehouse wrote');
  const database = bytes.subarray(macEnd + 1);
  if (createHash('sha256').update(database).digest('hex') !== parsed.data.databaseSha256) throw notBackup('it is cut short or was changed: its checksum does not match');
  return { header: parsed.data, headerLine, mac: bytes.subarray(end + 1, macEnd).toString('latin1'), database };
}

/**
 * Checks a backup through and through before anything is replaced: its checksum, the recovery
 * key (which must unwrap its store key), the key's check value, every page of the database, the
 * audit trail's chain and head, and a schema this Gatehouse can read. Returns the key and what
 * it checked; the database is read from a private copy.
 */
export async function verifyBackup(path: string, typedRecoveryKey: string): Promise<{ header: BackupHeader; database: Buffer; key: Buffer }> {
  const { header, headerLine, mac, database } = await readBackup(path);
  const key = (await unwrapStoreKeys(header.kit, header.storeId, typedRecoveryKey)).find((candidate) => keyCheckFor(candidate, header.storeId) === header.keyCheck);
  if (!key) throw new GatehouseError('store_locked', 'The key in this backup is not the key of its store. Nothing was changed.');
  // From here the description is trusted only once its seal proves it was written with this key.
  if (!timingSafeEqual(Buffer.from(headerMac(key, headerLine)), Buffer.from(mac))) {
    throw new GatehouseError('store_damaged', 'The description of this backup was changed after it was made: its seal does not match. Nothing was changed.');
  }
  if (header.schemaVersion > SCHEMA_VERSION) {
    throw new GatehouseError(
      'store_incompatible',
      `This backup was made by a newer Gatehouse (schema ${header.schemaVersion}; this one knows ${SCHEMA_VERSION}). Update Gatehouse to restore it.`,
    );
  }
  const scratch = await mkdtemp(join(tmpdir(), 'gatehouse-verify-'));
  try {
    const copy = join(scratch, DATABASE_FILE);
    await writeFile(copy, database, { mode: 0o600 });
    if (!keyOpensFirstPage(copy, key)) throw new GatehouseError('store_damaged', 'The database in this backup is damaged: its first page fails its check. Nothing was changed.');
    // Writable: a backup of an older schema is brought up to date in this private copy, as its restore will.
    const store = new Store(openEncryptedDatabase(copy, key, { create: false }), copy, header.storeId);
    try {
      const problems = store.integrityProblems();
      if (problems.length > 0) throw new GatehouseError('store_damaged', `The database in this backup is damaged (${problems.slice(0, 3).join('; ')}). Nothing was changed.`);
      const chain = store.audit.verifyChain();
      if (!chain.ok) throw new GatehouseError('store_damaged', `The audit trail in this backup was changed: entry ${chain.brokenAt} breaks its chain. Nothing was changed.`);
      if (header.auditHead && (chain.head?.id !== header.auditHead.id || chain.head.chain !== header.auditHead.chain)) {
        throw new GatehouseError('store_damaged', 'The audit trail in this backup does not end where the backup says it does. Nothing was changed.');
      }
    } finally {
      store.close();
    }
    return { header, database, key };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * Restores a backup into a data folder that holds nothing of Gatehouse (a new machine, or a
 * folder whose store was lost): verified first, staged, the key seated in the keychain, then
 * moved into place with the manifest last. The kit comes along, so the same recovery key keeps
 * working. A folder that holds a store is never replaced: move it away first.
 */
export async function restoreBackup(location: StoreLocation, path: string, typedRecoveryKey: string): Promise<BackupHeader> {
  const { dataDir, keychain } = location;
  const state = inspectDataFolder(dataDir, keychain.backend);
  if (state.kind === 'complete') {
    throw new GatehouseError(
      'store_exists',
      `${dataDir} holds a store: restore with --replace (it is backed up and moved aside first), or move that folder away yourself. Nothing was changed.`,
    );
  }
  if (state.kind !== 'empty') throw dataFolderProblem(dataDir, state);
  return installBackup(location, await verifyBackup(path, typedRecoveryKey));
}

/** A verified backup into a data folder that holds nothing of Gatehouse: staged, key seated, moved into place, opened. */
async function installBackup(location: StoreLocation, { header, database, key }: { header: BackupHeader; database: Buffer; key: Buffer }): Promise<BackupHeader> {
  const { dataDir, keychain } = location;
  const present = await keychain.readStoreKey(header.storeId).catch(() => null);
  if (present && !present.equals(key)) {
    throw new GatehouseError('store_locked', `${keychain.describe(header.storeId)} holds another key for this store id. Nothing was changed.`);
  }
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await tightenFolder(dataDir, null);
  const staging = join(dataDir, STAGING_DIR);
  await mkdir(staging, { mode: 0o700 });
  let keySeated = false;
  const installed: string[] = [];
  try {
    await writeFile(join(staging, DATABASE_FILE), database, { mode: 0o600 });
    // A backup made during a rotation carries both keys' sealings: the restored kit keeps the store's.
    const kept = header.kit.keys.filter((sealed) => sealed.keyCheck === header.keyCheck);
    const kit = { ...header.kit, keys: kept.length > 0 ? kept : header.kit.keys };
    await writeFile(join(staging, KIT_FILE), `${JSON.stringify(kit, null, 2)}\n`, { mode: 0o600 });
    await writeManifest(join(staging, MANIFEST_FILE), { format: 1, storeId: header.storeId, createdAt: header.storeCreatedAt, keyCheck: header.keyCheck });
    const stagedKeychain = keychain.at(staging);
    if (!present) {
      await stagedKeychain.writeStoreKey(header.storeId, key);
      keySeated = true;
    }
    const names = [...(keychain.backend === 'file' ? [KEY_FILE_NAME] : []), DATABASE_FILE, KIT_FILE, MANIFEST_FILE];
    for (const name of names) {
      if (!existsSync(join(staging, name))) continue;
      await installWithoutReplacing(join(staging, name), join(dataDir, name));
      installed.push(name);
    }
    await rm(staging, { recursive: true });
  } catch (error) {
    // Until the manifest is in place the folder is not a store: what this restore moved in goes again.
    if (!installed.includes(MANIFEST_FILE)) for (const name of installed) await rm(join(dataDir, name), { force: true }).catch(() => undefined);
    await rm(staging, { recursive: true, force: true }).catch(() => undefined);
    // Take back the keychain entry this restore made, as a failed init does.
    if (keySeated && keychain.backend !== 'file') await keychain.deleteStoreKey(header.storeId).catch(() => undefined);
    throw error;
  }
  // Opens as any store does, migrating an older schema: the proof that the restore worked.
  (await openStore(location)).close();
  return header;
}

/**
 * Restores a backup over the store that is there. The backup is checked through first; then the
 * store of now is written to a backup of its own beside the data folder (when it opens: it
 * needs its emergency kit for that), and the whole data folder is moved aside, never deleted:
 * `<folder>.before-restore-<time>`. Only then is the backup restored into the emptied place.
 * If that fails, the folder of now is moved back. Without a store there, it is a plain restore.
 */
export async function replaceWithBackup(
  location: StoreLocation,
  path: string,
  typedRecoveryKey: string,
  now: Date,
): Promise<{ header: BackupHeader; movedTo: string | null; backupOfNow: string | null }> {
  const { dataDir, keychain } = location;
  const state = inspectDataFolder(dataDir, keychain.backend);
  if (state.kind !== 'complete') return { header: await restoreBackup(location, path, typedRecoveryKey), movedTo: null, backupOfNow: null };
  const verified = await verifyBackup(path, typedRecoveryKey);
  const movedTo = `${dataDir}.before-restore-${now.toISOString().slice(0, 19).replace(/:/g, '-')}Z`;
  if (existsSync(movedTo)) throw new GatehouseError('conflict', `${movedTo} exists already: move it away, then restore again. Nothing was changed.`);
  const current = await openStore(location).catch(() => null);
  let backupOfNow: string | null = null;
  if (current) {
    try {
      backupOfNow = `${movedTo}.backup`;
      await writeBackup(location, current, backupOfNow, now);
    } finally {
      current.close();
    }
  }
  // The keychain entry of the store of now, when the backup is of the same store under another key
  // (a rotation since): it is replaced only when the backup of now just made keeps it.
  const manifest = await readManifest(dataDir);
  const present = keychain.backend === 'file' ? null : await keychain.readStoreKey(manifest.storeId).catch(() => null);
  const displaced = manifest.storeId === verified.header.storeId && present !== null && !present.equals(verified.key) ? present : null;
  if (displaced && !backupOfNow) {
    throw new GatehouseError(
      'store_locked',
      `The store in ${dataDir} could not be opened to back it up first, and its key in the keychain would be replaced. Restore into another folder (--data-dir), or move this one away yourself. Nothing was changed.`,
    );
  }
  await rename(dataDir, movedTo);
  try {
    if (displaced) await keychain.deleteStoreKey(manifest.storeId);
    return { header: await installBackup(location, verified), movedTo, backupOfNow };
  } catch (error) {
    // Put the store of now back where it was; what the failed restore left is moved aside, not deleted.
    if (existsSync(dataDir)) await rename(dataDir, `${movedTo}.failed-restore`).catch(() => undefined);
    await rename(movedTo, dataDir);
    if (displaced) await keychain.writeStoreKey(manifest.storeId, displaced).catch(() => undefined);
    throw error;
  }
}

/** Where "Back up now" writes, and how many of its backups it keeps there. */
export const BackupSettings = z.object({ folder: z.string().min(1).max(4096), keep: z.number().int().min(1).max(100), daily: z.boolean().default(false) });
export type BackupSettings = z.output<typeof BackupSettings>;
const BACKUP_SETTINGS_KEY = 'backup';
/** The names "Back up now" gives: the store's id first, so a shared folder's other backups are never touched. */
const backupName = (storeId: string, at: Date) => `gatehouse-${storeId}-${at.toISOString().slice(0, 19).replace(/:/g, '-')}Z.backup`;
const ourBackups = (storeId: string) => new RegExp(`^gatehouse-${storeId}-(\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\d)Z\\.backup$`);

export function readBackupSettings(store: Store): BackupSettings | null {
  return store.settings.get(BACKUP_SETTINGS_KEY, BackupSettings.nullable()) ?? null;
}

/** A folder for backups: absolute, and one this user can write to (it is made when missing). */
export async function writeBackupSettings(store: Store, settings: BackupSettings): Promise<BackupSettings> {
  if (!isAbsolute(settings.folder)) throw new GatehouseError('invalid_input', 'Give the backup folder as a full path, like /home/ada/Backups/Gatehouse.', undefined, 'folder');
  try {
    await mkdir(settings.folder, { recursive: true, mode: 0o700 });
    await access(settings.folder, constants.W_OK);
  } catch (error) {
    throw new GatehouseError('invalid_input', `Gatehouse cannot write to ${settings.folder} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`, undefined, 'folder');
  }
  store.settings.set(BACKUP_SETTINGS_KEY, settings);
  return settings;
}

/** "Back up now": a new backup in the chosen folder, named by its time, and only the newest `keep` of them kept. */
export async function backupToFolder(location: StoreLocation, store: Store, now: Date): Promise<{ file: string; header: BackupHeader; removed: number }> {
  const settings = readBackupSettings(store);
  if (!settings) throw new GatehouseError('conflict', 'Choose a folder for backups first.');
  const file = join(settings.folder, backupName(store.storeId, now));
  const header = await writeBackup(location, store, file, now);
  // Only files this feature named for this store are ever removed, oldest first.
  const ours = (await readdir(settings.folder)).filter((name) => ourBackups(store.storeId).test(name)).sort();
  const old = ours.slice(0, Math.max(0, ours.length - settings.keep));
  for (const name of old) await rm(join(settings.folder, name), { force: true });
  return { file, header, removed: old.length };
}

const DAY = 86_400_000;

/** When the newest backup "Back up now" (or the daily one) wrote in the folder was made, from its name; null when none. */
async function newestBackupAt(folder: string, storeId: string): Promise<number | null> {
  const names = (await readdir(folder).catch(() => [] as string[])).filter((name) => ourBackups(storeId).test(name)).sort();
  const stamp = names.length > 0 ? ourBackups(storeId).exec(names.at(-1)!)![1]! : null;
  if (stamp === null) return null;
  const at = Date.parse(`${stamp.slice(0, 10)}T${stamp.slice(11).replace(/-/g, ':')}Z`);
  return Number.isNaN(at) ? null : at;
}

/**
 * The daily backup, when it is turned on and the newest backup in the folder is a day old (or
 * there is none). Checked hourly by the app; a missed day is made up at the next check.
 */
export async function backupIfDue(location: StoreLocation, store: Store, now: Date): Promise<{ file: string; removed: number } | null> {
  const settings = readBackupSettings(store);
  if (!settings?.daily) return null;
  const last = await newestBackupAt(settings.folder, store.storeId);
  if (last !== null && now.getTime() - last < DAY) return null;
  const { file, removed } = await backupToFolder(location, store, now);
  return { file, removed };
}
