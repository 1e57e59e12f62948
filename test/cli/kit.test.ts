// Issue 15: the emergency kit through the real `gatehouse` bin, the real SQLCipher store and the
// throwaway OS keychain: lose the keychain entry, then get everything back with the kit alone.
import '../support/require-keyring.js';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOsKeychain } from '../../src/main/secrets/os-keychain.js';
import { runGatehouse, tempDataDir } from '../support/cli.js';

const PASSWORD = 'a passphrase for the kit tests';
let dataDir: string;
const gh = (args: string[], stdin?: string, env: NodeJS.ProcessEnv = {}) => runGatehouse(args, { env: { GATEHOUSE_DATA_DIR: dataDir, GATEHOUSE_KEYCHAIN: 'os', ...env }, stdin });
const storeId = () => (JSON.parse(readFileSync(join(dataDir, 'store.json'), 'utf8')) as { storeId: string }).storeId;
const fingerprint = () =>
  createHash('sha256')
    .update(readFileSync(join(dataDir, 'gatehouse.db')))
    .digest('hex');

/** How many access restores the trail holds (read with the key back in place). */
const restores = async (): Promise<number> => {
  const out = (await gh(['audit', '--json', '--action', 'emergency_kit.restore'])).stdout.trim();
  return out === '' ? 0 : out.split('\n').length;
};

beforeAll(async () => {
  dataDir = tempDataDir('gatehouse-kit-');
  expect((await gh(['init'])).code).toBe(0);
  expect((await gh(['users', 'add', '--email', 'ada@example.com', '--password-stdin'], `${PASSWORD}\n`)).code).toBe(0);
});

describe('the emergency kit', () => {
  it('is written to a new private file (or standard output when asked), never over another', async () => {
    const out = join(dataDir, '..', 'kit.txt');
    const made = await gh(['kit', 'create', '--out', out]);
    expect(made.code, made.stderr).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(/^Gatehouse emergency kit/);
    expect(text).toContain(`Store:    ${storeId()}`);
    expect(text).toMatch(/Recovery key:\n\n {4}([0-9A-HJKMNP-TV-Z]{4}-){8}[0-9A-HJKMNP-TV-Z]{4}\n/);
    expect(readFileSync(join(dataDir, 'emergency-kit.json'), 'utf8')).toContain('"format": 2');
    const again = await gh(['kit', 'create', '--out', out]);
    expect([again.code, again.stderr]).toEqual([2, expect.stringMatching(/exists already/)]);
    expect((await gh(['kit', 'create', '--stdout'])).stdout).toMatch(/^Gatehouse emergency kit/);
  });

  it('gives access back when the keychain lost the store key; a wrong key is refused and touches nothing', async () => {
    const kit = (await gh(['kit', 'create', '--stdout'])).stdout;
    const recoveryKey = /Recovery key:\n\n {4}(\S+)\n/.exec(kit)![1]!;
    // Counted, not assumed: the tests of this file run in any order, and another restores too.
    const restoresBefore = await restores();
    // An OS reinstall, a new profile, a keyring reset: the entry is gone.
    await createOsKeychain().deleteStoreKey(storeId());
    const locked = await gh(['users', 'list']);
    expect([locked.code, locked.stderr]).toEqual([1, expect.stringMatching(/is not in .*Secret Service/)]);
    const before = fingerprint();

    const typo = await gh(['kit', 'restore', '--recovery-key-stdin'], `${recoveryKey.slice(0, -1)}${recoveryKey.endsWith('A') ? 'B' : 'A'}\n`);
    expect([typo.code, typo.stderr]).toEqual([1, expect.stringMatching(/not a recovery key.*Nothing was changed/)]);
    const other = await gh(['kit', 'restore', '--recovery-key-stdin'], '0000-0000-0000-0000-0000-0000-0000-0000-0000\n');
    expect(other.code).toBe(1);
    expect(fingerprint()).toBe(before);
    expect(await createOsKeychain().readStoreKey(storeId())).toBeNull();

    const restored = await gh(['kit', 'restore', '--recovery-key-stdin'], `${recoveryKey.toLowerCase()}\n`);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/^Restored: the store key is in .* again/);
    expect((await gh(['users', 'list'])).stdout).toContain('ada@example.com');
    expect((await gh(['verify', 'password', '--email', 'ada@example.com', '--password-stdin', '--json'], `${PASSWORD}\n`)).json()).toMatchObject({ outcome: 'success' });
    expect(await restores()).toBe(restoresBefore + 1);
    // Nothing to do a second time.
    expect((await gh(['kit', 'restore', '--recovery-key-stdin'], `${recoveryKey}\n`)).stdout).toMatch(/already holds this store key/);
  });

  it('counts as part of a store: a folder with only a kit is never a first run', async () => {
    const dir = tempDataDir('gatehouse-kit-only-');
    const first = await runGatehouse(['init'], { env: { GATEHOUSE_DATA_DIR: dir, GATEHOUSE_KEYCHAIN: 'os' } });
    expect(first.code).toBe(0);
    await runGatehouse(['kit', 'create', '--stdout'], { env: { GATEHOUSE_DATA_DIR: dir, GATEHOUSE_KEYCHAIN: 'os' } });
    for (const name of ['gatehouse.db', 'store.json']) rmSync(join(dir, name), { force: true });
    const init = await runGatehouse(['init'], { env: { GATEHOUSE_DATA_DIR: dir, GATEHOUSE_KEYCHAIN: 'os' } });
    expect(init.code).toBe(1);
    expect(init.stderr).toMatch(/emergency-kit\.json/);
  });
});

describe('gatehouse store rotate-key', () => {
  it('gives the store a new key; sign-in, the audit trail and the same recovery key keep working', async () => {
    const recoveryKey = /Recovery key:\n\n {4}(\S+)\n/.exec((await gh(['kit', 'create', '--stdout'])).stdout)![1]!;
    const before = (await createOsKeychain().readStoreKey(storeId()))!;
    const rotated = await gh(['store', 'rotate-key']);
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.stdout).toMatch(/^The store now opens with a new key, in .*Secret Service.*\nYour emergency kit opens the new key: its recovery key is unchanged/);
    const after = (await createOsKeychain().readStoreKey(storeId()))!;
    expect(after.equals(before)).toBe(false);
    expect((await gh(['verify', 'password', '--email', 'ada@example.com', '--password-stdin', '--json'], `${PASSWORD}\n`)).json()).toMatchObject({ outcome: 'success' });
    expect((await gh(['doctor', '--json'])).json()).toMatchObject({ healthy: true });
    expect((await gh(['audit', '--json', '--action', 'store.rotate_key'])).stdout.trim().split('\n')).toHaveLength(1);
    // The keychain lost again: the recovery key from before the rotation brings the new key back.
    await createOsKeychain().deleteStoreKey(storeId());
    expect((await gh(['kit', 'restore', '--recovery-key-stdin'], `${recoveryKey}\n`)).code).toBe(0);
    expect((await createOsKeychain().readStoreKey(storeId()))!.equals(after)).toBe(true);
  });

  it('works with the file keychain too: the key file is replaced in one step', async () => {
    const dir = tempDataDir('gatehouse-rotate-file-');
    const file = (args: string[], stdin?: string) => runGatehouse(args, { env: { GATEHOUSE_DATA_DIR: dir, GATEHOUSE_KEYCHAIN: 'file' }, stdin });
    expect((await file(['init'])).code).toBe(0);
    expect((await file(['users', 'add', '--email', 'ada@example.com', '--password-stdin'], `${PASSWORD}\n`)).code).toBe(0);
    const before = readFileSync(join(dir, 'store.key'), 'utf8');
    const rotated = await file(['store', 'rotate-key']);
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.stdout).toMatch(/no emergency kit for this store: make one now/);
    expect(readFileSync(join(dir, 'store.key'), 'utf8')).not.toBe(before);
    // No next key, no copy, no lock left behind.
    expect(
      readdirSync(dir)
        .filter((name) => !/^gatehouse\.db-(wal|shm)$/.test(name))
        .sort(),
    ).toEqual(['gatehouse.db', 'store.json', 'store.key']);
    expect((await file(['users', 'list'])).stdout).toContain('ada@example.com');
  });
});
