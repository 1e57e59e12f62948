import { AsyncEntry } from '@napi-rs/keyring';
import { spawnSync } from 'node:child_process';
import { chmodSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { cryptoRandom } from '../../src/main/common/ports.js';
import { createFileKeychain } from '../../src/main/secrets/file-keychain.js';
import { KEYCHAIN_SERVICE, storeKeyAccount } from '../../src/main/secrets/keychain.js';
import { createOsKeychain } from '../../src/main/secrets/os-keychain.js';
import { createStore, openStore } from '../../src/main/store/open.js';
import type { Store } from '../../src/main/store/store.js';
import { tempDataDir } from '../support/cli.js';

const open: Store[] = [];
afterEach(() => open.splice(0).forEach((s) => s.close()));
const track = (store: Store): Store => (open.push(store), store);

const snapshot = (dir: string) => Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name)).toString('base64')]));
const entryFor = (store: Store) => new AsyncEntry(KEYCHAIN_SERVICE, storeKeyAccount(store.storeId), { linux: { store: 'secret-service' } });

async function newOsStore() {
  const dataDir = tempDataDir();
  const keychain = createOsKeychain();
  const store = track(await createStore({ dataDir, keychain }, cryptoRandom, new Date()));
  return { dataDir, keychain, store };
}

describe('the store key in the OS keychain (Secret Service)', () => {
  it('keeps 32 random bytes under the Gatehouse service, and reopens with them', async () => {
    const { dataDir, keychain, store } = await newOsStore();
    const hex = await entryFor(store).getPassword();
    expect(hex).toMatch(/^[0-9a-f]{64}$/);
    store.settings.set('probe', { ok: true });
    store.close();
    const again = track(await openStore({ dataDir, keychain }));
    expect(again.settings.get('probe', z.object({ ok: z.literal(true) }))).toEqual({ ok: true });
  });

  it('never touches any store file when the keychain holds another key, even with a live WAL', async () => {
    const { dataDir, keychain, store } = await newOsStore();
    store.settings.set('probe', 1); // leaves -wal and -shm beside the database while open
    await entryFor(store).setPassword('cd'.repeat(32));
    const before = snapshot(dataDir);
    expect(Object.keys(before).sort()).toEqual(['gatehouse.db', 'gatehouse.db-shm', 'gatehouse.db-wal', 'store.json']);
    await expect(openStore({ dataDir, keychain })).rejects.toMatchObject({ code: 'store_locked', message: expect.stringMatching(/does not open.*Nothing was changed/) });
    expect(snapshot(dataDir)).toEqual(before);
  });

  it('refuses clearly when the key is missing, pointing at a key file if there is one', async () => {
    const { dataDir, keychain, store } = await newOsStore();
    store.close();
    await entryFor(store).deleteCredential();
    const before = snapshot(dataDir);
    await expect(openStore({ dataDir, keychain })).rejects.toMatchObject({ code: 'store_locked', message: expect.stringMatching(/not in the Secret Service/) });
    expect(snapshot(dataDir)).toEqual(before);
  });
});

describe('the file keychain', () => {
  it('writes the key as 64 hex characters, mode 0600, and warns on use', async () => {
    const dataDir = tempDataDir();
    const warnings: string[] = [];
    const keychain = createFileKeychain(dataDir, (m) => warnings.push(m));
    track(await createStore({ dataDir, keychain }, cryptoRandom, new Date()));
    const path = join(dataDir, 'store.key');
    expect(readFileSync(path, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(warnings).toEqual([expect.stringMatching(/kept in a file/)]);
  });

  it('refuses a key file that other users can read', async () => {
    const dataDir = tempDataDir();
    const keychain = createFileKeychain(dataDir, () => {});
    (await createStore({ dataDir, keychain }, cryptoRandom, new Date())).close();
    chmodSync(join(dataDir, 'store.key'), 0o644);
    await expect(openStore({ dataDir, keychain: createFileKeychain(dataDir, () => {}) })).rejects.toThrow(/chmod 600/);
  });

  it('is not found by the OS backend, which says so', async () => {
    const dataDir = tempDataDir();
    (await createStore({ dataDir, keychain: createFileKeychain(dataDir, () => {}) }, cryptoRandom, new Date())).close();
    await expect(openStore({ dataDir, keychain: createOsKeychain() })).rejects.toThrow(/use --keychain file/);
  });
});

describe('durability', () => {
  it('keeps committed data when the process dies in the middle of a write', async () => {
    const dataDir = tempDataDir();
    (await createStore({ dataDir, keychain: createFileKeychain(dataDir, () => {}) }, cryptoRandom, new Date())).close();
    const child = spawnSync(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, '../support/crash-mid-write.ts'), dataDir], { encoding: 'utf8' });
    expect(child.signal).toBe('SIGKILL');
    const store = track(await openStore({ dataDir, keychain: createFileKeychain(dataDir, () => {}) }));
    expect(store.users.findByEmail('committed@example.com')).toBeDefined();
    expect(store.users.findByEmail('uncommitted@example.com')).toBeUndefined();
    expect(store.integrityProblems()).toEqual([]);
  });

  it('refuses a store written by a newer Gatehouse', async () => {
    const dataDir = tempDataDir();
    const keychain = createFileKeychain(dataDir, () => {});
    const store = await createStore({ dataDir, keychain }, cryptoRandom, new Date());
    (store as unknown as { db: { pragma(s: string): void } }).db.pragma('user_version = 99');
    store.close();
    await expect(openStore({ dataDir, keychain })).rejects.toMatchObject({ code: 'store_incompatible', message: expect.stringMatching(/newer Gatehouse/) });
  });
});

describe('the audit repository', () => {
  it('keeps every field of an entry, and prunes only inside a transaction', async () => {
    const { store } = await newOsStore();
    store.audit.append({
      at: 1000,
      actor: 'cli:tester',
      action: 'account.create',
      accountId: 'acct-1',
      email: 'a@example.com',
      method: 'password',
      outcome: 'success',
      detail: 'admin',
    });
    store.audit.append({ at: 2000, actor: 'anonymous', action: 'sign_in', outcome: 'failed' });
    expect(store.audit.list().map(({ id: _id, ...entry }) => entry)).toEqual([
      { at: 1000, actor: 'cli:tester', action: 'account.create', accountId: 'acct-1', email: 'a@example.com', method: 'password', outcome: 'success', detail: 'admin' },
      { at: 2000, actor: 'anonymous', action: 'sign_in', accountId: null, email: null, method: null, outcome: 'failed', detail: null },
    ]);
    expect(() => store.audit.pruneBefore(1500)).toThrow('pruneBefore runs inside a transaction');
    expect(store.transaction(() => store.audit.pruneBefore(500))).toBe(0);
    expect(store.transaction(() => store.audit.pruneBefore(1500))).toBe(1);
    expect(store.audit.list().map((e) => e.at)).toEqual([2000]);
  });
});
