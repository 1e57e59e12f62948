// The Electron main process's own start-up, under plain Node: src/main/app/main.ts bundled as
// electron-vite bundles it (node_modules external), with `electron` answered by a stand-in that
// records what main asks of it (test/support/electron-stub). What only Electron can show is in
// test/electron/app.spec.ts, run where Electron runs (.github/workflows/desktop.yml).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
// Inside the project, so that the bundle finds node_modules and Gatehouse's package.json as the app's does.
const BUNDLE = join(ROOT, 'node_modules', '.cache', 'gatehouse-main-test', 'main.mjs');
const REGISTER = join(ROOT, 'test', 'support', 'electron-stub', 'register.mjs');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

beforeAll(async () => {
  mkdirSync(join(BUNDLE, '..'), { recursive: true });
  await build({ entryPoints: [join(ROOT, 'src/main/app/main.ts')], outfile: BUNDLE, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'silent' });
}, 60_000);

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'gatehouse-main-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

/** What it wrote to stderr besides the file keychain's standing warning (the tests use that keychain). */
const said = (stderr: string) =>
  stderr
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('warning: the store key is kept in a file'))
    .join('\n');

/** Runs the main bundle with `args` after the executable, as Electron would; returns its exit, output and what it asked of Electron. */
function main(args: string[], env: Record<string, string> = {}) {
  const log = join(work, `electron-${Math.random().toString(36).slice(2)}.jsonl`);
  const result = spawnSync(process.execPath, ['--import', REGISTER, BUNDLE, ...args], {
    env: { ...process.env, STUB_LOG: log, STUB_USER_DATA: join(work, 'profile'), STUB_APP_PATH: ROOT, GATEHOUSE_DATA_DIR: join(work, 'data'), GATEHOUSE_KEYCHAIN: 'file', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const calls = existsSync(log)
    ? readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { event: string } & Record<string, unknown>)
    : [];
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, calls, events: calls.map((c) => c.event) };
}

describe('Gatehouse --cli', () => {
  it('runs the admin command line before anything else: no single-instance lock, no sandbox switch, no window', () => {
    const run = main(['--ozone-platform=headless', '--cli', '--version']);
    expect(run.stdout.trim()).toContain(VERSION);
    expect(run.status).toBe(0);
    expect(run.events).toEqual(['exit']);
    expect(run.calls[0]).toEqual({ event: 'exit', code: 0 });
  });

  it('works on the store with the exit codes of bin/gatehouse.js, and says what is wrong in one line', () => {
    expect(main(['--cli', 'init']).status).toBe(0);
    const added = spawnSync(process.execPath, ['--import', REGISTER, BUNDLE, '--cli', 'users', 'add', '--email', 'ada@example.com', '--password-stdin'], {
      env: { ...process.env, STUB_LOG: join(work, 'add.jsonl'), GATEHOUSE_DATA_DIR: join(work, 'data'), GATEHOUSE_KEYCHAIN: 'file' },
      input: 'ada has a long passphrase\n',
      encoding: 'utf8',
    });
    expect(added.status, added.stderr).toBe(0);
    const list = main(['--cli', 'users', 'list']);
    expect(list.status).toBe(0);
    expect(list.stdout).toContain('ada@example.com');
    const missing = main(['--cli', 'users', 'show', '--email', 'nobody@example.com']);
    expect(missing.status).toBe(2);
    expect(said(missing.stderr).split('\n')).toEqual([expect.stringMatching(/^gatehouse: .*nobody@example\.com/)]);
    expect(missing.stderr).not.toMatch(/\bat .*\.m?js:\d+/);
    const unknown = main(['--cli', 'no-such-command']);
    expect(unknown.status).toBe(2);
    expect(said(unknown.stderr)).toBe("gatehouse: unknown command 'no-such-command' (see gatehouse --help)");
  });
});

describe('the app', () => {
  it('starts a sandboxed window on the app origin, and on quit closes the store (its write-ahead log checkpointed away) and keeps the window where it was', () => {
    const run = main([], { STUB_QUIT_AFTER_LOAD: '1' });
    expect(said(run.stderr)).toBe('');
    expect(run.status).toBe(0);
    expect(run.events).toEqual(['enableSandbox', 'singleInstanceLock', 'protocol', 'window', 'loadURL', 'quit']);
    expect(run.calls.find((c) => c.event === 'window')).toMatchObject({ sandbox: true, width: 1100, height: 780 });
    expect(run.calls.find((c) => c.event === 'loadURL')).toEqual({ event: 'loadURL', url: 'http://gatehouse.localhost/' });
    expect(existsSync(join(work, 'data', 'gatehouse.db'))).toBe(true);
    expect(existsSync(join(work, 'data', 'gatehouse.db-wal'))).toBe(false);
    expect(JSON.parse(readFileSync(join(work, 'profile', 'window-state.json'), 'utf8'))).toEqual({ bounds: { x: 10, y: 20, width: 900, height: 700 }, maximized: false });
    // The next launch opens where the last one closed.
    expect(main([], { STUB_QUIT_AFTER_LOAD: '1' }).calls.find((c) => c.event === 'window')).toMatchObject({ width: 900, height: 700 });
  });

  it('says why in a dialog and quits when start-up fails after the app is ready', () => {
    const run = main([], { STUB_FAIL: 'load' });
    expect(run.calls.find((c) => c.event === 'errorBox')).toEqual({
      event: 'errorBox',
      title: 'Gatehouse cannot start',
      message: 'Unexpected error: the page could not be loaded (stub)',
    });
    expect(run.calls.at(-1)).toEqual({ event: 'exit', code: 1 });
    expect(run.status).toBe(1);
  });
});
