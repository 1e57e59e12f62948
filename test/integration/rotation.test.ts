// Issue 15: rotating the store key against the real SQLCipher store and the throwaway OS
// keychain. The process is killed after each step, and in the middle of the rekey itself; every
// time, the next open finds a store that opens, with everything in it, under one key that the
// keychain and the emergency kit both hold.
import '../support/require-keyring.js';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { GatehouseError } from '../../src/main/common/errors.js';
import { createAppServices, createProblemServices, kitRecoveryFor } from '../../src/main/ipc/app-services.js';
import { openGatehouseForApp } from '../../src/main/open-gatehouse.js';
import { createFileKeychain } from '../../src/main/secrets/file-keychain.js';
import { FakeClock } from '../support/fakes.js';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cryptoRandom } from '../../src/main/common/ports.js';
import { readKit, unwrapStoreKeys, writeKit } from '../../src/main/secrets/emergency-kit.js';
import { restoreBackup, verifyBackup, writeBackup } from '../../src/main/store/backup.js';
import { createEmergencyKit, keepNewEmergencyKit, restoreAccessWithKit } from '../../src/main/store/custody.js';
import { keyOpensFirstPage } from '../../src/main/store/database.js';
import { DATABASE_FILE, MANIFEST_FILE, ROTATION_COPY, ROTATION_LOCK, StoreManifest } from '../../src/main/store/layout.js';
import { createStore, keyCheckFor, openStore, type StoreLocation } from '../../src/main/store/open.js';
import { rotateStoreKey, type RotationStep } from '../../src/main/store/rotation.js';
import { CLI_ACTOR, createCoreFixture, type CoreFixture } from '../support/core.js';
import { tempDataDir } from '../support/cli.js';

const CHILD = resolve(import.meta.dirname, '../support/rotate-and-die.ts');
const PASSWORD = 'a passphrase for the rotation tests';

interface Seeded {
  f: CoreFixture;
  location: StoreLocation;
  storeId: string;
  recoveryKey: string;
  oldKey: Buffer;
  auditRows: number;
}

const made: Seeded[] = [];
afterEach(async () => {
  for (const { f, storeId } of made.splice(0)) {
    await f.keychain.deleteStoreKey(storeId, 'next');
    await f.cleanup();
  }
});

/** A store with an account, an emergency kit and `rows` large audit entries, closed. */
async function seeded(rows = 50): Promise<Seeded> {
  const f = await createCoreFixture();
  await f.core.accounts.create({ email: 'ada@example.com', password: PASSWORD }, CLI_ACTOR);
  f.store.transaction(() => {
    for (let i = 0; i < rows; i++) f.store.audit.append({ at: i, actor: 'test', action: 'audit.prune', outcome: 'success', detail: 'y'.repeat(1000) });
  });
  const location = { dataDir: f.dataDir, keychain: f.keychain };
  const { recoveryKey } = await createEmergencyKit(location, f.store, cryptoRandom, new Date());
  const auditRows = f.store.audit.head()!.id;
  f.store.close();
  const s = { f, location, storeId: f.store.storeId, recoveryKey, oldKey: f.key, auditRows };
  made.push(s);
  return s;
}

const manifestOf = (dataDir: string) => StoreManifest.parse(JSON.parse(readFileSync(join(dataDir, MANIFEST_FILE), 'utf8')));

/** Opens the store as the app would and checks that nothing is lost and nothing is left half-way; returns the key it settled on. */
async function expectSettled(s: Seeded): Promise<Buffer> {
  const store = await openStore(s.location);
  try {
    expect(store.users.findByEmail('ada@example.com')).toBeDefined();
    expect(store.integrityProblems()).toEqual([]);
    expect(store.audit.verifyChain()).toMatchObject({ ok: true });
    expect(store.audit.head()!.id).toBeGreaterThanOrEqual(s.auditRows);
  } finally {
    store.close();
  }
  const key = (await s.f.keychain.readStoreKey(s.storeId))!;
  expect(await s.f.keychain.readStoreKey(s.storeId, 'next')).toBeNull();
  const manifest = manifestOf(s.f.dataDir);
  expect(manifest.nextKeyCheck).toBeUndefined();
  expect(manifest.keyCheck).toBe(keyCheckFor(key, s.storeId));
  for (const leftover of [ROTATION_COPY, ROTATION_LOCK]) expect(existsSync(join(s.f.dataDir, leftover)), leftover).toBe(false);
  // The emergency kit opens exactly that key, with the recovery key made before the rotation.
  expect(await unwrapStoreKeys((await readKit(s.f.dataDir))!, s.storeId, s.recoveryKey)).toEqual([key]);
  return key;
}

/** The key the store opens with, when no rotation is under way (the kit is checked apart). */
async function expectSettledKey(s: Seeded): Promise<Buffer> {
  const store = await openStore(s.location);
  store.close();
  expect(manifestOf(s.f.dataDir).nextKeyCheck).toBeUndefined();
  expect(await s.f.keychain.readStoreKey(s.storeId, 'next')).toBeNull();
  return (await s.f.keychain.readStoreKey(s.storeId))!;
}

describe('rotating the store key', () => {
  it('re-encrypts the store under a new key; the old key opens nothing, the same recovery key and earlier backups still work', async () => {
    const s = await seeded();
    const before = join(tempDataDir('gatehouse-rotation-backup-'), '..', 'before.backup');
    let store = await openStore(s.location);
    await writeBackup(s.location, store, before, new Date());
    const headBefore = store.audit.head();
    expect(await rotateStoreKey(s.location, store, cryptoRandom)).toEqual({ kitUpdated: true });
    // The connection that rotated goes on: written and chained under the new key.
    store.audit.append({ at: 2, actor: 'test', action: 'store.rotate_key', outcome: 'success' });
    store.close();

    const newKey = await expectSettled(s);
    expect(newKey.equals(s.oldKey)).toBe(false);
    const path = join(s.f.dataDir, DATABASE_FILE);
    expect(keyOpensFirstPage(path, s.oldKey)).toBe(false);
    expect(keyOpensFirstPage(path, newKey)).toBe(true);
    // The audit trail's chain goes on across the rotation: the head recorded before is still in it.
    store = await openStore(s.location);
    expect(store.audit.verifyChain()).toMatchObject({ ok: true });
    expect(store.audit.head()!.id).toBeGreaterThan(headBefore!.id);
    store.close();

    // The keychain lost: the same recovery key puts the new key back.
    await s.f.keychain.deleteStoreKey(s.storeId);
    expect(await restoreAccessWithKit(s.location, s.recoveryKey)).toBe('restored');
    expect((await s.f.keychain.readStoreKey(s.storeId))!.equals(newKey)).toBe(true);
    // A backup made before the rotation opens with the same recovery key, and restores elsewhere under its own key.
    expect((await verifyBackup(before, s.recoveryKey)).key.equals(s.oldKey)).toBe(true);
  });

  it('is refused, changing nothing, when the kit beside the store cannot take a new key (its MAC key is not in the store)', async () => {
    const s = await seeded();
    // A kit this store never made (as an earlier Gatehouse wrote them): its MAC key is nowhere in the store.
    await writeKit(s.f.dataDir, s.storeId, s.oldKey, keyCheckFor(s.oldKey, s.storeId), cryptoRandom, new Date());
    const kitBefore = readFileSync(join(s.f.dataDir, 'emergency-kit.json'), 'utf8');
    const store = await openStore(s.location);
    await expect(rotateStoreKey(s.location, store, cryptoRandom)).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/make a new kit, then rotate/) });
    store.close();
    expect((await expectSettledKey(s)).equals(s.oldKey)).toBe(true);
    expect(readFileSync(join(s.f.dataDir, 'emergency-kit.json'), 'utf8')).toBe(kitBefore);
  });

  it('is refused while another Gatehouse has the store open, and nothing changes', async () => {
    const s = await seeded();
    const app = await openStore(s.location);
    const cli = await openStore(s.location);
    const manifestBefore = readFileSync(join(s.f.dataDir, MANIFEST_FILE), 'utf8');
    const kitBefore = readFileSync(join(s.f.dataDir, 'emergency-kit.json'), 'utf8');
    await expect(rotateStoreKey(s.location, cli, cryptoRandom)).rejects.toMatchObject({ code: 'busy', message: expect.stringMatching(/has the store open/) });
    // Both connections still work, under the old key; the rotation's traces are gone.
    expect(app.users.findByEmail('ada@example.com')).toBeDefined();
    cli.audit.append({ at: 1, actor: 'test', action: 'audit.prune', outcome: 'success' });
    app.close();
    cli.close();
    expect((await expectSettled(s)).equals(s.oldKey)).toBe(true);
    expect(readFileSync(join(s.f.dataDir, MANIFEST_FILE), 'utf8')).toBe(manifestBefore);
    expect(JSON.parse(readFileSync(join(s.f.dataDir, 'emergency-kit.json'), 'utf8'))).toEqual(JSON.parse(kitBefore));
  });

  const steps: [RotationStep, 'old' | 'new'][] = [
    ['manifest_marked', 'old'],
    ['next_key_seated', 'old'],
    ['kit_sealed', 'old'],
    ['copy_made', 'old'],
    ['rekeyed', 'new'],
    ['manifest_committed', 'new'],
    ['keychain_promoted', 'new'],
    ['kit_trimmed', 'new'],
  ];
  it.each(steps)('killed right after %s, the next open settles on the %s key with nothing lost', async (step, expected) => {
    const s = await seeded();
    const child = spawnSync(process.execPath, ['--import', 'tsx', CHILD, s.f.dataDir, step], { encoding: 'utf8' });
    expect(child.signal, child.stderr).toBe('SIGKILL');
    expect(child.stdout.trim().split('\n').at(-1)).toBe(step);
    const key = await expectSettled(s);
    expect(key.equals(s.oldKey)).toBe(expected === 'old');
    // And a rotation after that one goes through.
    const store = await openStore(s.location);
    await rotateStoreKey(s.location, store, cryptoRandom);
    store.close();
    expect((await expectSettled(s)).equals(key)).toBe(false);
  });

  it('killed in the middle of the rekey itself (pages under both keys, a rollback journal beside them), the next open puts the store back as it was', async () => {
    // Large enough that the rekey takes a while: the kill lands while pages are being rewritten.
    const s = await seeded(20_000);
    const path = join(s.f.dataDir, DATABASE_FILE);
    const journal = `${path}-journal`;
    const size = statSync(path).size;
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, s.f.dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<NodeJS.Signals | null>((resolveExit) => child.on('exit', (_code, signal) => resolveExit(signal)));
    let out = '';
    await new Promise<void>((resolveCopy) =>
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('copy_made')) resolveCopy();
      }),
    );
    // Killed once the journal holds every page as it was and page 1 is already under the new key:
    // the worst moment, when the file as it stands opens with neither key.
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && !(existsSync(journal) && statSync(journal).size >= size && !keyOpensFirstPage(path, s.oldKey))) {
      /* watching the rekey */
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(out).not.toContain('rekeyed');
    expect(existsSync(journal)).toBe(true);
    expect(existsSync(join(s.f.dataDir, ROTATION_COPY))).toBe(true);
    expect(keyOpensFirstPage(path, s.oldKey)).toBe(false);
    const key = await expectSettled(s);
    expect(key.equals(s.oldKey)).toBe(true);
  });
});

describe('rotations that go wrong', () => {
  it('two asked for at once in one process run one after the other', async () => {
    const s = await seeded();
    const store = await openStore(s.location);
    await Promise.all([rotateStoreKey(s.location, store, cryptoRandom), rotateStoreKey(s.location, store, cryptoRandom)]);
    store.audit.append({ at: 3, actor: 'test', action: 'store.rotate_key', outcome: 'success' });
    store.close();
    expect((await expectSettled(s)).equals(s.oldKey)).toBe(false);
  });

  it('a failure in the process after the rekey, then a retry stopped after its first step, still leaves a store that opens', async () => {
    const s = await seeded();
    const store = await openStore(s.location);
    const failAt = (at: RotationStep, message: string) => (step: RotationStep) => {
      if (step === at) throw new Error(message);
    };
    await expect(rotateStoreKey(s.location, store, cryptoRandom, failAt('rekeyed', 'disk full'))).rejects.toThrow('disk full');
    await expect(rotateStoreKey(s.location, store, cryptoRandom, failAt('manifest_marked', 'power cut'))).rejects.toThrow('power cut');
    store.close();
    await expectSettled(s);
  });

  it('a copy left beside a store whose page 1 is damaged is never put in its place', async () => {
    const s = await seeded();
    const path = join(s.f.dataDir, DATABASE_FILE);
    let store = await openStore(s.location);
    store.close();
    const old = `${path}.old`;
    copyFileSync(path, old); // an old copy, from before the account below
    store = await openStore(s.location);
    store.users.insert({ ...store.users.findByEmail('ada@example.com')!, id: 'bob', email: 'bob@example.com' });
    store.close();
    renameSync(old, join(s.f.dataDir, ROTATION_COPY));
    const bytes = readFileSync(path);
    bytes[100] = bytes[100]! ^ 0xff;
    writeFileSync(path, bytes);
    await expect(openStore(s.location)).rejects.toMatchObject({ code: expect.stringMatching(/store_damaged|store_locked/) });
    // Neither file was replaced: the damaged store is still there for a person (or a backup) to recover.
    expect(readFileSync(path).equals(bytes)).toBe(true);
    expect(existsSync(join(s.f.dataDir, ROTATION_COPY))).toBe(true);
  });

  it('the emergency kit gives access back in the middle of a rotation, with the key that opens the store', async () => {
    const s = await seeded();
    const child = spawnSync(process.execPath, ['--import', 'tsx', CHILD, s.f.dataDir, 'rekeyed'], { encoding: 'utf8' });
    expect(child.signal, child.stderr).toBe('SIGKILL');
    expect(manifestOf(s.f.dataDir).nextKeyCheck).toBeDefined();
    // And then the keychain lost both entries.
    await s.f.keychain.deleteStoreKey(s.storeId);
    await s.f.keychain.deleteStoreKey(s.storeId, 'next');
    expect(await restoreAccessWithKit(s.location, s.recoveryKey)).toBe('restored');
    expect((await expectSettled(s)).equals(s.oldKey)).toBe(false);
  });
});

describe('restoring after a rotation', () => {
  it('a backup made after the rotation restores on a fresh folder and keychain with the recovery key made before it', async () => {
    const s = await seeded();
    let store = await openStore(s.location);
    await rotateStoreKey(s.location, store, cryptoRandom);
    const after = join(tempDataDir('gatehouse-rotation-backup-'), '..', 'after.backup');
    await writeBackup(s.location, store, after, new Date());
    store.close();
    const newKey = (await s.f.keychain.readStoreKey(s.storeId))!;
    await s.f.keychain.deleteStoreKey(s.storeId);
    const target = { dataDir: tempDataDir('gatehouse-rotation-restored-'), keychain: s.f.keychain };
    await restoreBackup(target, after, s.recoveryKey);
    expect((await s.f.keychain.readStoreKey(s.storeId))!.equals(newKey)).toBe(true);
    store = await openStore(target);
    expect(store.users.findByEmail('ada@example.com')).toBeDefined();
    store.close();
  });
});

describe('a new emergency kit', () => {
  it('replaces the kit in force only once kept; a rotation in between makes it void, and the old kit keeps working', async () => {
    const s = await seeded();
    let store = await openStore(s.location);
    const second = await createEmergencyKit(s.location, store, cryptoRandom, new Date());
    store.close();
    expect(second.pending).toBe(true);
    // Not kept yet: the old recovery key still opens the store, the new one not yet.
    await s.f.keychain.deleteStoreKey(s.storeId);
    await expect(restoreAccessWithKit(s.location, second.recoveryKey)).rejects.toMatchObject({ code: 'store_locked' });
    expect(await restoreAccessWithKit(s.location, s.recoveryKey)).toBe('restored');
    await keepNewEmergencyKit(s.location);
    await expect(keepNewEmergencyKit(s.location)).rejects.toMatchObject({ code: 'conflict' });
    await s.f.keychain.deleteStoreKey(s.storeId);
    await expect(restoreAccessWithKit(s.location, s.recoveryKey)).rejects.toMatchObject({ code: 'store_locked' });
    expect(await restoreAccessWithKit(s.location, second.recoveryKey)).toBe('restored');

    // Made, then the key rotated before it was kept: it holds the old key, so it can never be kept.
    store = await openStore(s.location);
    const third = await createEmergencyKit(s.location, store, cryptoRandom, new Date());
    await rotateStoreKey(s.location, store, cryptoRandom);
    store.close();
    await expect(keepNewEmergencyKit(s.location)).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/store key was replaced/) });
    await s.f.keychain.deleteStoreKey(s.storeId);
    await expect(restoreAccessWithKit(s.location, third.recoveryKey)).rejects.toMatchObject({ code: 'store_locked' });
    expect(await restoreAccessWithKit(s.location, second.recoveryKey)).toBe('restored');
  });
});

describe('the file keychain', () => {
  it('a lost store.key is put back from the app with the emergency kit, and the store opens again', async () => {
    const dataDir = tempDataDir('gatehouse-file-kit-');
    const location = { dataDir, keychain: createFileKeychain(dataDir, () => {}) };
    let store = await createStore(location, cryptoRandom, new Date());
    const { recoveryKey } = await createEmergencyKit(location, store, cryptoRandom, new Date());
    store.close();
    rmSync(join(dataDir, 'store.key'));
    const opened = await openGatehouseForApp(location, {});
    expect('problem' in opened && opened.problem.code).toBe('store_incomplete');
    const clock = new FakeClock();
    const recovery = kitRecoveryFor(location, {}, (o) => ((store = o.store), createAppServices(o.core, clock)));
    const services = createProblemServices((opened as { problem: GatehouseError }).problem, clock, recovery);
    expect(await services.dispatch('app.status', {})).toMatchObject({ ok: true, value: { canRestoreWithKit: true } });
    expect(await services.dispatch('app.restoreWithKit', { recoveryKey })).toEqual({ ok: true, value: null });
    const after = (await services.dispatch('app.status', {})) as { value: { storeProblem?: unknown; needsSetup: boolean } };
    expect(after.value.storeProblem ?? null).toBeNull();
    expect(existsSync(join(dataDir, 'store.key'))).toBe(true);
    store.close();
  });
});
