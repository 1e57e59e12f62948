// Issue 8 through the real `gatehouse` bin: missing parts, damage, interrupted init, hostile
// text, usage errors, a read-only folder and audit pruning, each as a person would meet them.
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runGatehouse, tempDataDir, type CliResult } from '../support/cli.js';
import { CAN_MOUNT, withTinyDisk } from '../support/tiny-disk.js';
import { openEncryptedDatabase } from '../../src/main/store/database.js';

const PASSWORD = 'a passphrase for the cli hardening tests';
const FILE = { GATEHOUSE_KEYCHAIN: 'file' };

function expectOneLineError(result: CliResult, code: number, pattern: RegExp): void {
  expect(result.code, result.stderr).toBe(code);
  expect(result.stderr).toMatch(pattern);
  expect(
    result.stderr
      .trim()
      .split('\n')
      .filter((line) => !line.startsWith('warning:')),
  ).toHaveLength(1);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

async function newStore(dataDir = tempDataDir()): Promise<string> {
  const env = { ...FILE, GATEHOUSE_DATA_DIR: dataDir };
  expect((await runGatehouse(['init'], { env })).code).toBe(0);
  expect((await runGatehouse(['users', 'add', '--email', 'ada@example.com', '--password-stdin'], { env, stdin: `${PASSWORD}\n` })).code).toBe(0);
  return dataDir;
}
const gh = (dataDir: string, args: string[], stdin?: string) => runGatehouse(args, { env: { ...FILE, GATEHOUSE_DATA_DIR: dataDir }, stdin });

let dataDir: string;
beforeAll(async () => {
  dataDir = await newStore();
});

describe('a missing part (finding 1) and an interrupted init (finding 4)', () => {
  it('refuses every command and init when the database is gone, naming it, and creates nothing', async () => {
    const dir = await newStore();
    renameSync(join(dir, 'gatehouse.db'), join(dir, '..', 'moved.db'));
    expectOneLineError(await gh(dir, ['users', 'list']), 1, /holds part of a Gatehouse store: store\.json, store\.key, but not gatehouse\.db/);
    expectOneLineError(await gh(dir, ['init']), 1, /but not gatehouse\.db.*Nothing was changed/);
    expect(readdirSync(dir).sort()).toEqual(['store.json', 'store.key']);
  });

  it('init names what an interrupted init left, and works once it is removed', async () => {
    const dir = tempDataDir();
    mkdirSync(join(dir, '.gatehouse-init'), { recursive: true });
    writeFileSync(join(dir, '.gatehouse-init', 'store.key'), ''); // what a full disk left before
    expectOneLineError(await gh(dir, ['init']), 1, /did not finish.*Remove .*\.gatehouse-init.*run "gatehouse init" again/);
    rmSync(join(dir, '.gatehouse-init'), { recursive: true });
    expect((await gh(dir, ['init'])).code).toBe(0);
  });
});

describe('a damaged store (finding 3)', () => {
  it('reads, refuses writes, and doctor reports the damage as a finding with what to do', async () => {
    const dir = await newStore();
    expect(readFileSync(join(dir, 'gatehouse.db')).length).toBeGreaterThan(4096 * 4); // page 4 holds a table
    const fd = openSync(join(dir, 'gatehouse.db'), 'r+');
    writeSync(fd, Buffer.alloc(64, 0xa5), 0, 64, 4096 * 3 + 500);
    closeSync(fd);

    expect((await gh(dir, ['policy', 'show'])).code).toBe(0);
    expectOneLineError(await gh(dir, ['users', 'add', '--email', 'bob@example.com', '--password-stdin'], `${PASSWORD}\n`), 1, /is damaged.*makes no changes/);

    const doctor = await gh(dir, ['doctor', '--json']);
    expect(doctor.code).toBe(1);
    expect(doctor.json()).toMatchObject({ healthy: false, findings: [{ code: 'store_damaged', message: expect.stringMatching(/damaged.*backup/) }] });
    const text = await gh(dir, ['doctor']);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^Problem: .*damaged/m);
    // People's words in the human report, the identifiers only in --json.
    expect(text.stdout).toMatch(/^Data folder: /m);
    expect(text.stdout).not.toMatch(/dataDir|expectedSchemaVersion|store_damaged/);
  });

  it('a healthy store: doctor lists no finding', async () => {
    const result = await gh(dataDir, ['doctor', '--json']);
    expect(result.code).toBe(0);
    expect(result.json()).toMatchObject({ healthy: true, integrity: 'ok', auditChain: expect.stringMatching(/^ok \(\d+ entries, head \d+ /), findings: [] });
  });

  it('an audit trail changed with the key: doctor names the first broken entry, and audit head prints where the chain stands', async () => {
    const dir = await newStore();
    expect((await gh(dir, ['users', 'add', '--email', 'bob@example.com', '--password-stdin'], `${PASSWORD}\n`)).code).toBe(0);
    const head = await gh(dir, ['audit', 'head', '--json']);
    expect(head.json()).toMatchObject({ id: 2, chain: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    // Someone with the key file opens the database and rewrites the first entry.
    const key = Buffer.from(readFileSync(join(dir, 'store.key'), 'utf8').trim(), 'hex');
    const { db } = openEncryptedDatabase(join(dir, 'gatehouse.db'), key, { create: false });
    db.exec("DROP TRIGGER audit_no_update; UPDATE audit SET email = 'nobody@example.com' WHERE id = 2;");
    db.close();
    const doctor = await gh(dir, ['doctor']);
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toMatch(/^Problem: The audit trail was changed outside Gatehouse: entry 2 breaks its chain/m);
    expect(doctor.stdout).toMatch(/^Audit trail chain: +broken at entry 2$/m);
  });
});

describe('hostile text and usage errors (findings 5 and 7): exit 2, one line, input escaped', () => {
  it('refuses control and bidi characters in --email and --name, echoing them escaped', async () => {
    const email = await gh(dataDir, ['users', 'add', '--email', 'eve\n2026-01-01 forged@example.com', '--password-stdin'], `${PASSWORD}\n`);
    expectOneLineError(email, 2, /"eve\\n2026-01-01 forged@example\.com" is not a valid email address/);
    const name = await gh(dataDir, ['users', 'add', '--email', 'eve@example.com', '--name', 'Eve\u001b[2J\u202e', '--password-stdin'], `${PASSWORD}\n`);
    expectOneLineError(name, 2, /name cannot contain control or text-direction characters/);
    expect(name.stderr).not.toContain('\u001b');
  });

  it.each([
    [['audit', '--limit', '99999999999999999999999'], /--limit takes a whole number from 1 to \d+, not "99999999999999999999999"/],
    [['audit', '--limit', '-1'], /--limit takes a value, and values starting with "-" are not accepted/],
    [['audit', '--limit', '0'], /--limit takes a whole number from 1/],
    [['policy', 'set', '--password-min-length', '-5'], /--password-min-length takes a value/],
    [['--data-dir', '', 'users', 'list'], /--data-dir must name a folder, not be empty/],
  ])('%j is a usage error', async (args, pattern) => {
    expectOneLineError(await gh(dataDir, args), 2, pattern);
  });
});

describe('audit prune (finding 12)', () => {
  it('writes what it removes to a new file first, then removes it, and records the prune', async () => {
    const dir = await newStore();
    const exportFile = join(dir, '..', 'audit-export.jsonl');
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const before = (await gh(dir, ['audit', '--json'])).stdout.trim().split('\n').length;
    const result = await gh(dir, ['audit', 'prune', '--before', tomorrow, '--export', exportFile]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`Removed ${before} audit entr(y|ies)`));
    const exported = readFileSync(exportFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { action: string });
    expect(exported).toHaveLength(before);
    expect(exported.map((e) => e.action)).toContain('account.create');
    const after = (await gh(dir, ['audit', '--json'])).stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { action: string });
    expect(after.map((e) => e.action)).toEqual(['audit.prune']);
    expectOneLineError(await gh(dir, ['audit', 'prune', '--before', tomorrow, '--export', exportFile]), 2, /already exists/);
    expectOneLineError(await gh(dir, ['audit', 'prune', '--before', 'last week', '--export', `${exportFile}.2`]), 2, /takes a date such as/);
  });
});

describe('a read-only data folder (finding 9)', () => {
  // Needs root to mount a read-only tmpfs (CI runs as root).
  it.skipIf(!CAN_MOUNT)('read-only commands work; a write says the folder is read-only', async () => {
    await withTinyDisk(4096, async (mount, remountReadOnly) => {
      const dir = await newStore(join(mount, 'data'));
      remountReadOnly();
      const list = await gh(dir, ['users', 'list', '--json']);
      expect(list.code, list.stderr).toBe(0);
      expect(list.json<{ email: string }[]>().map((a) => a.email)).toEqual(['ada@example.com']);
      expect((await gh(dir, ['audit'])).code).toBe(0);
      expect((await gh(dir, ['doctor', '--json'])).json()).toMatchObject({ healthy: true });
      expectOneLineError(await gh(dir, ['users', 'disable', '--email', 'ada@example.com']), 1, /cannot write to .*read-only.*still work/);
    });
  });
});
