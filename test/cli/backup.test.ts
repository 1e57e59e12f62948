// Issue 15: backup and restore through the real `gatehouse` bin, the real SQLCipher store and the
// throwaway OS keychain. A backup opens with the emergency kit alone, and is checked through
// before anything is written.
import '../support/require-keyring.js';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOsKeychain } from '../../src/main/secrets/os-keychain.js';
import { runGatehouse, tempDataDir } from '../support/cli.js';

const PASSWORD = 'a passphrase for the backup tests';
const env = (dataDir: string) => ({ GATEHOUSE_DATA_DIR: dataDir, GATEHOUSE_KEYCHAIN: 'os' });
const gh = (dataDir: string, args: string[], stdin?: string) => runGatehouse(args, { env: env(dataDir), stdin });

let source: string;
let backup: string;
let recoveryKey: string;
let storeId: string;
beforeAll(async () => {
  source = tempDataDir('gatehouse-backup-');
  expect((await gh(source, ['init'])).code).toBe(0);
  // No kit yet: a backup that nothing could open is refused.
  const early = await gh(source, ['backup', '--out', join(source, '..', 'early.backup')]);
  expect([early.code, early.stderr]).toEqual([2, expect.stringMatching(/make one first/)]);
  expect((await gh(source, ['users', 'add', '--email', 'ada@example.com', '--password-stdin'], `${PASSWORD}\n`)).code).toBe(0);
  recoveryKey = /Recovery key:\n\n {4}(\S+)\n/.exec((await gh(source, ['kit', 'create', '--stdout'])).stdout)![1]!;
  backup = join(source, '..', 'gatehouse.backup');
  const made = await gh(source, ['backup', '--out', backup]);
  expect(made.code, made.stderr).toBe(0);
  expect(made.stdout).toMatch(/^Wrote a backup to .*gatehouse\.backup \(schema \d+, audit head \d+ \S+\)/);
  storeId = (JSON.parse(readFileSync(join(source, 'store.json'), 'utf8')) as { storeId: string }).storeId;
});

describe('backup and restore', () => {
  it('a backup is one file that describes itself and holds the database encrypted', () => {
    const bytes = readFileSync(backup);
    const [magic, header] = bytes.toString('latin1').split('\n', 2);
    expect(magic).toBe('GATEHOUSE BACKUP 2');
    expect(JSON.parse(header!)).toMatchObject({ format: 2, storeId, auditHead: { id: expect.any(Number) }, kit: { storeId, format: 2, keys: [{ keyCheck: expect.any(String) }] } });
    expect(bytes.includes(Buffer.from('ada@example.com'))).toBe(false);
  });

  it('restores on a machine that has nothing of the store: everything back with the recovery key alone', async () => {
    // Another machine: a new data folder, and no key for this store in its keychain.
    await createOsKeychain().deleteStoreKey(storeId);
    const target = tempDataDir('gatehouse-restored-');
    const wrong = await gh(target, ['restore', '--from', backup, '--recovery-key-stdin'], '0000-0000-0000-0000-0000-0000-0000-0000-0000\n');
    expect(wrong.code).toBe(1);
    expect(existsSync(target) ? readdirSync(target) : []).toEqual([]);
    const restored = await gh(target, ['restore', '--from', backup, '--recovery-key-stdin'], `${recoveryKey}\n`);
    expect(restored.code, restored.stderr).toBe(0);
    expect((await gh(target, ['users', 'list'])).stdout).toContain('ada@example.com');
    expect((await gh(target, ['verify', 'password', '--email', 'ada@example.com', '--password-stdin', '--json'], `${PASSWORD}\n`)).json()).toMatchObject({ outcome: 'success' });
    expect((await gh(target, ['doctor', '--json'])).json()).toMatchObject({ healthy: true });
    expect((await gh(target, ['audit', '--json', '--action', 'backup.restore'])).stdout.trim().split('\n')).toHaveLength(1);
    // The kit came along: the same recovery key still opens it.
    expect(readdirSync(target)).toEqual(expect.arrayContaining(['emergency-kit.json', 'gatehouse.db', 'store.json']));
    expect((await gh(target, ['kit', 'restore', '--recovery-key-stdin'], `${recoveryKey}\n`)).stdout).toMatch(/already holds this store key/);
    // Never over a store: move it away first.
    const again = await gh(target, ['restore', '--from', backup, '--recovery-key-stdin'], `${recoveryKey}\n`);
    expect([again.code, again.stderr]).toEqual([1, expect.stringMatching(/holds a store: restore with --replace/)]);
  });

  it('--replace backs up the store of now and moves its folder aside before restoring over it; nothing is deleted', async () => {
    const target = tempDataDir('gatehouse-replaced-');
    expect((await gh(target, ['restore', '--from', backup, '--recovery-key-stdin'], `${recoveryKey}\n`)).code).toBe(0);
    // Since the backup: an account added and the key rotated.
    expect((await gh(target, ['users', 'add', '--email', 'bob@example.com', '--password-stdin'], `${PASSWORD}\n`)).code).toBe(0);
    expect((await gh(target, ['store', 'rotate-key'])).code).toBe(0);
    // A wrong recovery key: refused before anything moves.
    const wrong = await gh(target, ['restore', '--from', backup, '--recovery-key-stdin', '--replace'], '0000-0000-0000-0000-0000-0000-0000-0000-0000\n');
    expect(wrong.code).toBe(1);
    expect(readdirSync(join(target, '..')).filter((name) => name.includes('before-restore'))).toEqual([]);

    const replaced = await gh(target, ['restore', '--from', backup, '--recovery-key-stdin', '--replace'], `${recoveryKey}\n`);
    expect(replaced.code, replaced.stderr).toBe(0);
    const moved = /The store that was there is in (\S+), and backed up to (\S+) \(/.exec(replaced.stdout)!;
    expect(moved, replaced.stdout).not.toBeNull();
    // The backup's accounts, under the backup's key.
    const users = (await gh(target, ['users', 'list'])).stdout;
    expect(users).toContain('ada@example.com');
    expect(users).not.toContain('bob@example.com');
    expect((await gh(target, ['doctor', '--json'])).json()).toMatchObject({ healthy: true });
    // The store of now is kept whole, and its backup restores it elsewhere with the same recovery key.
    expect(readdirSync(moved[1]!)).toEqual(expect.arrayContaining(['gatehouse.db', 'store.json', 'emergency-kit.json']));
    await createOsKeychain().deleteStoreKey(storeId);
    const elsewhere = tempDataDir('gatehouse-replaced-copy-');
    expect((await gh(elsewhere, ['restore', '--from', moved[2]!, '--recovery-key-stdin'], `${recoveryKey}\n`)).code).toBe(0);
    expect((await gh(elsewhere, ['users', 'list'])).stdout).toContain('bob@example.com');
  });

  it('refuses a backup that was cut short or changed, and a file that is not one, writing nothing', async () => {
    const bytes = readFileSync(backup);
    const changed = join(source, '..', 'changed.backup');
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 100] = flipped[flipped.length - 100]! ^ 0xff;
    writeFileSync(changed, flipped);
    const cut = join(source, '..', 'cut.backup');
    writeFileSync(cut, bytes.subarray(0, bytes.length - 4096));
    // The description edited (an earlier time, a different audit head) with its checksum intact: its seal gives it away.
    const edited = join(source, '..', 'edited.backup');
    const text = bytes.toString('latin1');
    const madeAt = /"madeAt":"([^"]+)"/.exec(text)![1]!;
    writeFileSync(edited, Buffer.from(text.replace(madeAt, '2020-01-01T00:00:00.000Z'), 'latin1'));
    const older = join(source, '..', 'older.backup');
    writeFileSync(older, Buffer.from(text.replace('GATEHOUSE BACKUP 2', 'GATEHOUSE BACKUP 1'), 'latin1'));
    const foreign = join(source, '..', 'foreign.backup');
    writeFileSync(foreign, 'SQLite format 3\u0000 and more');
    for (const [file, why] of [
      [changed, /checksum does not match/],
      [cut, /checksum does not match/],
      [edited, /seal does not match/],
      [older, /another version of Gatehouse/],
      [foreign, /not a Gatehouse backup/],
    ] as const) {
      const target = tempDataDir('gatehouse-refused-');
      const result = await gh(target, ['restore', '--from', file, '--recovery-key-stdin'], `${recoveryKey}\n`);
      expect(result.code, file).toBe(1);
      expect(result.stderr).toMatch(why);
      expect(existsSync(target) ? readdirSync(target) : []).toEqual([]);
    }
  });
});
