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
    expect(magic).toBe('GATEHOUSE BACKUP 1');
    expect(JSON.parse(header!)).toMatchObject({ format: 1, storeId, auditHead: { id: expect.any(Number) }, kit: { storeId, format: 2, keys: [{ keyCheck: expect.any(String) }] } });
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
    expect([again.code, again.stderr]).toEqual([1, expect.stringMatching(/holds a store: move that folder away/)]);
  });

  it('refuses a backup that was cut short or changed, and a file that is not one, writing nothing', async () => {
    const bytes = readFileSync(backup);
    const changed = join(source, '..', 'changed.backup');
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 100] = flipped[flipped.length - 100]! ^ 0xff;
    writeFileSync(changed, flipped);
    const cut = join(source, '..', 'cut.backup');
    writeFileSync(cut, bytes.subarray(0, bytes.length - 4096));
    const foreign = join(source, '..', 'foreign.backup');
    writeFileSync(foreign, 'SQLite format 3\u0000 and more');
    for (const [file, why] of [
      [changed, /checksum does not match/],
      [cut, /checksum does not match/],
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
