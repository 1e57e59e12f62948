import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/main/store/migrations.js';
import { BIN, copyOfStore, runGatehouse, tempDataDir, type CliResult } from '../support/cli.js';

const ADMIN = 'admin@example.com';
const ADMIN_PASSWORD = 'admin passphrase for tests';
const USER = 'user@example.com';
const USER_PASSWORD = 'user passphrase for tests';

/** A store with an administrator and a user, made once; each test works on its own copy. */
const template = tempDataDir();
let dataDir = template;
const gh = (args: string[], stdin?: string, env?: NodeJS.ProcessEnv): Promise<CliResult> => runGatehouse(['--data-dir', dataDir, ...args], { stdin, env });

function expectOneLineError(result: CliResult, code: number, pattern: RegExp): void {
  expect(result.code, result.stderr).toBe(code);
  expect(result.stderr).toMatch(pattern);
  // One line of error; the file keychain's standing warning may precede it.
  expect(
    result.stderr
      .trim()
      .split('\n')
      .filter((line) => !line.startsWith('warning:')),
  ).toHaveLength(1);
  expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
}

beforeAll(async () => {
  expect((await gh(['init'])).code).toBe(0);
  expect((await gh(['users', 'add', '--email', ADMIN, '--name', 'Ada Admin', '--password-stdin'], `${ADMIN_PASSWORD}\n`)).code).toBe(0);
  expect((await gh(['users', 'add', '--email', USER, '--password-stdin'], `${USER_PASSWORD}\n`)).code).toBe(0);
});
beforeEach(() => {
  dataDir = copyOfStore(template);
});

describe('gatehouse init', () => {
  it('refuses to create a store where one exists, and leaves it alone', async () => {
    const before = readFileSync(join(dataDir, 'gatehouse.db'));
    expectOneLineError(await gh(['init']), 1, /already exists/);
    expect(readFileSync(join(dataDir, 'gatehouse.db')).equals(before)).toBe(true);
  });

  it('creates an encrypted file: no SQLite header, no plaintext email', async () => {
    const bytes = readFileSync(join(dataDir, 'gatehouse.db'));
    expect(bytes.subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
    expect(bytes.includes(Buffer.from(ADMIN))).toBe(false);
  });
});

describe('gatehouse users', () => {
  it('makes the first account an administrator and lists both', async () => {
    const list = await gh(['users', 'list', '--json']);
    expect(list.code).toBe(0);
    const accounts = list.json<{ email: string; admin: boolean; name: string }[]>();
    expect(accounts.map((a) => [a.email, a.admin])).toEqual([
      [ADMIN, true],
      [USER, false],
    ]);
    expect((await gh(['users', 'list'])).stdout).toMatch(/admin@example\.com\s+Ada Admin\s+admin\s+active/);
  });

  it('shows one account without any secret', async () => {
    const show = await gh(['users', 'show', '--email', 'USER@Example.com', '--json']);
    expect(show.code).toBe(0);
    expect(show.json()).toMatchObject({ email: USER, admin: false, status: 'active', signInState: 'open', mustChangePassword: false });
    expect(show.stdout).not.toMatch(/argon2|hash/i);
  });

  it('refuses a duplicate email, a weak password, a blocklisted one, and a malformed email with exit 2', async () => {
    expectOneLineError(await gh(['users', 'add', '--email', ADMIN, '--password-stdin'], 'another fine passphrase\n'), 2, /already exists/);
    expectOneLineError(await gh(['users', 'add', '--email', 'short@example.com', '--password-stdin'], 'short\n'), 2, /at least 15 characters/);
    expectOneLineError(await gh(['users', 'add', '--email', 'bad', '--password-stdin'], 'another fine passphrase\n'), 2, /not a valid email/);
    expect((await gh(['users', 'show', '--email', 'short@example.com'])).code).toBe(2);
  });

  it('never takes a password from the arguments', async () => {
    expectOneLineError(await gh(['users', 'add', '--email', 'x@example.com', '--password', 'in the arguments']), 2, /Unknown option '--password'/);
    expectOneLineError(await gh(['users', 'add', '--email', 'x@example.com']), 2, /--password-stdin is required/);
    expectOneLineError(await gh(['users', 'add', '--email', 'x@example.com', '--password-stdin'], ''), 2, /no password on standard input/);
  });

  it('disables and enables an account', async () => {
    await gh(['users', 'add', '--email', 'dis@example.com', '--password-stdin'], 'disabled passphrase here\n');
    expect((await gh(['users', 'disable', '--email', 'dis@example.com'])).code).toBe(0);
    expect((await gh(['users', 'show', '--email', 'dis@example.com', '--json'])).json()).toMatchObject({ status: 'disabled' });
    const refused = await gh(['verify', 'password', '--email', 'dis@example.com', '--password-stdin', '--json'], 'disabled passphrase here\n');
    expect([refused.code, refused.json()]).toEqual([3, { outcome: 'disabled' }]);
    expect((await gh(['users', 'enable', '--email', 'dis@example.com'])).code).toBe(0);
    expect((await gh(['verify', 'password', '--email', 'dis@example.com', '--password-stdin'], 'disabled passphrase here\n')).code).toBe(0);
  });

  it('deletes an account, but never the only administrator', async () => {
    await gh(['users', 'add', '--email', 'del@example.com', '--password-stdin'], 'deleted passphrase here\n');
    expect((await gh(['users', 'delete', '--email', 'del@example.com'])).code).toBe(0);
    expect((await gh(['users', 'show', '--email', 'del@example.com'])).code).toBe(2);
    expectOneLineError(await gh(['users', 'delete', '--email', ADMIN]), 2, /only active administrator/);
    expectOneLineError(await gh(['users', 'delete', '--email', 'nobody@example.com']), 2, /no account/);
  });

  it('forces a password change at next sign-in, told only to the holder of the password', async () => {
    await gh(['users', 'add', '--email', 'exp@example.com', '--password-stdin'], 'expiring passphrase here\n');
    expect((await gh(['users', 'expire-password', '--email', 'exp@example.com'])).code).toBe(0);
    const wrong = await gh(['verify', 'password', '--email', 'exp@example.com', '--password-stdin', '--json'], 'not the passphrase\n');
    expect([wrong.code, wrong.json()]).toEqual([3, { outcome: 'failed' }]);
    const right = await gh(['verify', 'password', '--email', 'exp@example.com', '--password-stdin', '--json'], 'expiring passphrase here\n');
    expect(right.code).toBe(3);
    expect(right.json()).toMatchObject({ outcome: 'expired' });
  });

  it('adds an account with a temporary password, which must be replaced at first sign-in', async () => {
    const added = await gh(['users', 'add', '--email', 'temp@example.com', '--must-change-password', '--password-stdin', '--json'], 'temporary passphrase here\n');
    expect([added.code, added.json()]).toEqual([0, expect.objectContaining({ email: 'temp@example.com', mustChangePassword: true, hasPassword: true })]);
    const right = await gh(['verify', 'password', '--email', 'temp@example.com', '--password-stdin', '--json'], 'temporary passphrase here\n');
    expect([right.code, right.json()]).toEqual([3, { outcome: 'expired', reason: 'forced' }]);
  });

  it('adds an account without a password, which no password opens and which has none to expire', async () => {
    const added = await gh(['users', 'add', '--email', 'nopw@example.com', '--no-password']);
    expect([added.code, added.stdout]).toEqual([0, 'Added nopw@example.com without a password.\n']);
    expect((await gh(['users', 'show', '--email', 'nopw@example.com'])).stdout).toMatch(/^Password:\s+none$/m);
    const tried = await gh(['verify', 'password', '--email', 'nopw@example.com', '--password-stdin', '--json'], 'any passphrase at all\n');
    expect([tried.code, tried.json()]).toEqual([3, { outcome: 'failed' }]);
    expectOneLineError(await gh(['users', 'expire-password', '--email', 'nopw@example.com']), 2, /nopw@example\.com has no password to replace/);
  });

  it('refuses contradictory password options, and an administrator without a password, with exit 2', async () => {
    expectOneLineError(await gh(['users', 'add', '--email', 'x@example.com', '--no-password', '--password-stdin'], 'a fine passphrase here\n'), 2, /cannot go together/);
    expectOneLineError(await gh(['users', 'add', '--email', 'x@example.com', '--no-password', '--must-change-password']), 2, /--must-change-password needs a password/);
    expectOneLineError(await gh(['users', 'add', '--email', 'x@example.com', '--no-password', '--admin']), 2, /An administrator needs a password/);
    expect((await gh(['users', 'show', '--email', 'x@example.com'])).code).toBe(2);
  });
});

describe('gatehouse verify password', () => {
  it('prints the outcome and amr and exits 0 on success', async () => {
    const result = await gh(['verify', 'password', '--email', ADMIN, '--password-stdin', '--json'], `${ADMIN_PASSWORD}\n`);
    expect(result.code).toBe(0);
    expect(result.json()).toEqual({ outcome: 'success', amr: ['pwd'] });
  });

  it('prints identical shapes for an unknown email and a wrong password', async () => {
    const unknown = await gh(['verify', 'password', '--email', 'ghost@example.com', '--password-stdin', '--json'], 'whatever it is\n');
    const wrong = await gh(['verify', 'password', '--email', USER, '--password-stdin', '--json'], 'whatever it is\n');
    expect(unknown.code).toBe(3);
    expect(wrong.code).toBe(3);
    expect(unknown.stdout).toBe(wrong.stdout);
    expect(unknown.json()).toEqual({ outcome: 'failed' });
  });

  it('keeps the throttle across processes: five failures block the sixth attempt, even the right one', async () => {
    await gh(['users', 'add', '--email', 'thr@example.com', '--password-stdin'], 'throttled passphrase here\n');
    let fifth = 0;
    for (let i = 0; i < 5; i++) {
      fifth = Date.now(); // the block starts when the last of these is counted
      expect((await gh(['verify', 'password', '--email', 'thr@example.com', '--password-stdin', '--json'], `wrong ${i}\n`)).json()).toEqual({ outcome: 'failed' });
    }
    const blocked = await gh(['verify', 'password', '--email', 'thr@example.com', '--password-stdin', '--json'], 'throttled passphrase here\n');
    const elapsedSeconds = Math.ceil((Date.now() - fifth) / 1000);
    expect(blocked.code).toBe(3);
    const body = blocked.json<{ outcome: string; retryAfterSeconds: number }>();
    expect(body.outcome).toBe('locked');
    // Five minutes from the fifth failure, less however long this machine took since.
    expect(body.retryAfterSeconds).toBeGreaterThanOrEqual(300 - elapsedSeconds);
    expect(body.retryAfterSeconds).toBeLessThanOrEqual(300);
    expect((await gh(['users', 'show', '--email', 'thr@example.com', '--json'])).json()).toMatchObject({ signInState: 'blocked' });
    expect((await gh(['users', 'unlock', '--email', 'thr@example.com'])).code).toBe(0);
    expect((await gh(['verify', 'password', '--email', 'thr@example.com', '--password-stdin', '--json'], 'throttled passphrase here\n')).json()).toEqual({
      outcome: 'success',
      amr: ['pwd'],
    });
  });

  it('says locked, without retryAfterSeconds, when only an administrator can unlock', async () => {
    expect((await gh(['policy', 'set', '--lockout-after-failures', '2'])).code).toBe(0);
    for (const guess of ['wrong one', 'wrong two'])
      expect((await gh(['verify', 'password', '--email', USER, '--password-stdin', '--json'], `${guess}\n`)).json()).toEqual({ outcome: 'failed' });
    const locked = await gh(['verify', 'password', '--email', USER, '--password-stdin', '--json'], `${USER_PASSWORD}\n`);
    expect([locked.code, locked.json()]).toEqual([3, { outcome: 'locked' }]);
    expect((await gh(['users', 'show', '--email', USER, '--json'])).json()).toMatchObject({ signInState: 'locked' });
    expect((await gh(['users', 'unlock', '--email', USER])).code).toBe(0);
    expect((await gh(['verify', 'password', '--email', USER, '--password-stdin', '--json'], `${USER_PASSWORD}\n`)).json()).toEqual({ outcome: 'success', amr: ['pwd'] });
  });

  it('says mfa_enrolment_required when the policy wants a second factor the account lacks', async () => {
    expect((await gh(['policy', 'set', '--require-mfa', 'all'])).code).toBe(0);
    const result = await gh(['verify', 'password', '--email', USER, '--password-stdin', '--json'], `${USER_PASSWORD}\n`);
    expect([result.code, result.json()]).toEqual([3, { outcome: 'mfa_enrolment_required' }]);
    // A wrong password learns nothing of the policy.
    expect((await gh(['verify', 'password', '--email', USER, '--password-stdin', '--json'], 'a wrong passphrase\n')).json()).toEqual({ outcome: 'failed' });
  });

  it('hides the password typed on a terminal', async () => {
    // `script` runs the command on a pseudo-terminal; whatever the terminal echoes comes back out.
    const typed = 'typed on a terminal passphrase';
    const child = spawn('script', ['-qec', `"${process.execPath}" "${BIN}" --data-dir "${dataDir}" users add --email tty@example.com --password-stdin`, '/dev/null'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    const prompted = new Promise<void>((resolve) =>
      child.stdout.on('data', (d: Buffer) => {
        output += d.toString();
        if (output.includes('Password: ')) resolve();
      }),
    );
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await prompted;
    child.stdin.write(`${typed}\n`);
    expect(await exited).toBe(0);
    child.stdin.end();
    expect(output).toContain('Password: ');
    expect(output).not.toContain(typed);
    expect((await gh(['verify', 'password', '--email', 'tty@example.com', '--password-stdin', '--json'], `${typed}\n`)).json()).toEqual({ outcome: 'success', amr: ['pwd'] });
  });

  it('prints a sentence without --json', async () => {
    const result = await gh(['verify', 'password', '--email', USER, '--password-stdin'], 'wrong passphrase\n');
    expect(result.stdout.trim()).toBe('Incorrect email or password.');
  });
});

describe('what an administrator does for others, from the command line', () => {
  it('sets a role, renames, sets a temporary password and resets two-step verification, each audited', async () => {
    expect((await gh(['users', 'set-role', '--email', USER, '--role', 'admin'])).stdout).toBe(`${USER} is an administrator.\n`);
    expect((await gh(['users', 'set-role', '--email', USER, '--role', 'user'])).stdout).toBe(`${USER} is a user.\n`);
    expectOneLineError(await gh(['users', 'set-role', '--email', USER, '--role', 'root']), 2, /--role takes admin or user, not "root"/);
    expectOneLineError(await gh(['users', 'set-role', '--email', ADMIN, '--role', 'user']), 2, /only active administrator/);
    expect((await gh(['users', 'rename', '--email', USER, '--name', 'Uma User'])).stdout).toBe(`${USER} is now called Uma User.\n`);
    // A temporary password must be changed at sign-in (exit 3, expired); a weak one is refused.
    expectOneLineError(await gh(['users', 'reset-password', '--email', USER, '--password-stdin'], 'password\n'), 2, /refused/);
    expect((await gh(['users', 'reset-password', '--email', USER, '--password-stdin'], 'a temporary passphrase from the admin\n')).code).toBe(0);
    const verify = await gh(['verify', 'password', '--email', USER, '--password-stdin', '--json'], 'a temporary passphrase from the admin\n');
    expect([verify.code, verify.json()]).toEqual([3, { outcome: 'expired', reason: 'forced' }]);
    expectOneLineError(await gh(['users', 'reset-2fa', '--email', USER]), 2, /has no authenticator app or recovery codes to remove/);
    // Two-step verification required of this account alone: its next sign-in sets a second factor up first.
    const RITA = 'rita@example.com';
    expect((await gh(['users', 'add', '--email', RITA, '--password-stdin'], 'rita has a passphrase too\n')).code).toBe(0);
    expect((await gh(['users', 'require-mfa', '--email', RITA, 'on'])).stdout).toMatch(/^Two-step verification is required of rita@example\.com/);
    expect((await gh(['users', 'show', '--email', RITA, '--json'])).json()).toMatchObject({ requireMfa: true, mfaRequired: 'this_account' });
    const enrol = await gh(['verify', 'password', '--email', RITA, '--password-stdin', '--json'], 'rita has a passphrase too\n');
    expect([enrol.code, enrol.json()]).toEqual([3, { outcome: 'mfa_enrolment_required' }]);
    expect((await gh(['users', 'require-mfa', '--email', RITA, 'off'])).stdout).toBe(`Two-step verification is no longer required of ${RITA} alone.\n`);
    expect((await gh(['verify', 'password', '--email', RITA, '--password-stdin', '--json'], 'rita has a passphrase too\n')).json()).toMatchObject({ outcome: 'success' });
    expect((await gh(['audit', '--json', '--action', 'account.require_mfa'])).stdout.trim().split('\n')).toHaveLength(2);
    const actions = (await gh(['audit', '--json', '--email', USER])).stdout
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { action: string }).action);
    expect(actions).toEqual(expect.arrayContaining(['account.set_role', 'account.rename', 'account.reset_password']));
  });
});

describe('gatehouse policy', () => {
  it('shows the NIST defaults', async () => {
    const result = await gh(['policy', 'show', '--json']);
    expect(result.code).toBe(0);
    expect(result.json()).toMatchObject({
      passwordMinLength: 15,
      passwordMinLengthWithMfa: 8,
      passwordMaxLength: 256,
      passwordComposition: false,
      passwordHistory: 0,
      passwordMaxAgeDays: null,
      requireMfa: 'none',
    });
  });

  it('changes settings, and new passwords follow them', async () => {
    const set = await gh(['policy', 'set', '--password-min-length', '8', '--password-max-age-days', '90', '--password-history', '3', '--require-mfa', 'admins', '--json']);
    expect(set.code).toBe(0);
    expect(set.json()).toMatchObject({ passwordMinLength: 8, passwordMaxAgeDays: 90, passwordHistory: 3, requireMfa: 'admins' });
    // Short enough now, but on the blocklist of common passwords:
    expectOneLineError(await gh(['users', 'add', '--email', 'common@example.com', '--password-stdin'], 'Password123\n'), 2, /too common/);
    expect((await gh(['users', 'add', '--email', 'eight@example.com', '--password-stdin'], 'k9#vXq2!\n')).code).toBe(0);
    expect((await gh(['policy', 'set', '--password-max-age-days', 'off', '--password-min-length', '15', '--password-history', '0', '--require-mfa', 'none'])).code).toBe(0);
    expect((await gh(['policy', 'show', '--json'])).json()).toMatchObject({ passwordMaxAgeDays: null, passwordMinLength: 15 });
  });

  it('refuses unknown settings and bad values with exit 2, changing nothing', async () => {
    const before = (await gh(['policy', 'show', '--json'])).stdout;
    expectOneLineError(await gh(['policy', 'set', '--password-colour', 'blue']), 2, /Unknown option '--password-colour'/);
    expectOneLineError(await gh(['policy', 'set', '--password-min-length', 'twelve']), 2, /whole number/);
    expectOneLineError(await gh(['policy', 'set', '--password-min-length', '4']), 2, /^gatehouse: The minimum password length must be at least 8\.$/m);
    expectOneLineError(await gh(['policy', 'set', '--password-min-length', '300']), 2, /^gatehouse: The minimum password length can be at most 256\.$/m);
    expectOneLineError(await gh(['policy', 'set', '--require-mfa', 'sometimes']), 2, /none, admins or all/);
    expectOneLineError(await gh(['policy', 'set']), 2, /at least one setting/);
    expect((await gh(['policy', 'show', '--json'])).stdout).toBe(before);
  });
});

describe('password hashing in the policy', () => {
  it("is set, never below OWASP's minimum, and back to the default", async () => {
    expect((await gh(['policy', 'show', '--json'])).json()).toMatchObject({ passwordHashing: null });
    expect((await gh(['policy', 'show'])).stdout).toMatch(/Password hashing: +Argon2id, 128 MiB, 3 passes, 2 lanes \(Gatehouse's default\)/);
    expectOneLineError(await gh(['policy', 'set', '--password-hash-memory-mib', '8']), 2, /The hashing memory, in MiB, must be at least 19: OWASP's minimum/);
    expectOneLineError(await gh(['policy', 'set', '--password-hash-iterations', '1']), 2, /The hashing passes must be at least 2/);
    expectOneLineError(await gh(['policy', 'set', '--password-hashing', 'fast']), 2, /takes only "default"/);
    const set = await gh(['policy', 'set', '--password-hash-memory-mib', '19', '--password-hash-iterations', '2', '--password-hash-parallelism', '1', '--json']);
    expect(set.json()).toMatchObject({ passwordHashing: { memoryMiB: 19, iterations: 2, parallelism: 1 } });
    expect((await gh(['verify', 'password', '--email', USER, '--password-stdin', '--json'], `${USER_PASSWORD}\n`)).json()).toMatchObject({ outcome: 'success' });
    expect((await gh(['policy', 'set', '--password-hashing', 'default', '--json'])).json()).toMatchObject({ passwordHashing: null });
  });

  it('is proposed for this computer by calibrate, and applied only when asked', async () => {
    const dry = await gh(['policy', 'calibrate', '--target-ms', '60', '--json']);
    expect(dry.code, dry.stderr).toBe(0);
    const proposed = dry.json<{ proposal: { memoryMiB: number; iterations: number; ms: number }; applied: boolean }>();
    expect(proposed.applied).toBe(false);
    expect(proposed.proposal.memoryMiB).toBeGreaterThanOrEqual(19);
    expect(proposed.proposal.iterations).toBeGreaterThanOrEqual(2);
    expect((await gh(['policy', 'show', '--json'])).json()).toMatchObject({ passwordHashing: null });
    const applied = await gh(['policy', 'calibrate', '--target-ms', '60', '--apply']);
    expect(applied.stdout).toMatch(/Proposed: Argon2id, \d+ MiB, \d+ passes, \d+ lanes — about \d+ ms a password here\.\nApplied/);
    expect((await gh(['policy', 'show', '--json'])).json()).toMatchObject({ passwordHashing: { memoryMiB: expect.any(Number) } });
    expectOneLineError(await gh(['policy', 'calibrate']), 2, /--target-ms is required/);
    expectOneLineError(await gh(['policy', 'calibrate', '--target-ms', '1']), 2, /--target-ms takes a whole number.*50/);
  });
});

describe('gatehouse audit', () => {
  it('prints JSON Lines with every sign-in attempt and admin action', async () => {
    await gh(['verify', 'password', '--email', 'ghost2@example.com', '--password-stdin'], 'nope nope nope\n');
    expect((await gh(['policy', 'set', '--password-history', '2'])).code).toBe(0);
    const result = await gh(['audit', '--json']);
    expect(result.code).toBe(0);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { action: string; email: string | null; outcome: string; actor: string; time: string });
    expect(lines.map((l) => l.action)).toEqual(['account.create', 'account.create', 'sign_in', 'policy.update']);
    expect(lines).toContainEqual(expect.objectContaining({ action: 'account.create', email: ADMIN, outcome: 'success' }));
    expect(lines).toContainEqual(expect.objectContaining({ action: 'sign_in', email: 'ghost2@example.com', outcome: 'failed' }));
    expect(lines).toContainEqual(expect.objectContaining({ action: 'policy.update' }));
    expect(lines.every((l) => /^cli:/.test(l.actor) && !Number.isNaN(Date.parse(l.time)))).toBe(true);
    const filtered = (await gh(['audit', '--json', '--email', 'ghost2@example.com'])).stdout.trim().split('\n');
    expect(filtered).toHaveLength(1);
    // For people: the app's words; the identifiers stay in --json.
    const human = await gh(['audit']);
    expect(human.stdout).toMatch(/WHAT HAPPENED/);
    expect(human.stdout).toMatch(/Sign-in with password failed\s+ghost2@example\.com\s+the command line/);
    expect(human.stdout).not.toMatch(/account\.create|sign_in/);
  });

  it('refuses an unknown action or result with the list of known ones (exit 2)', async () => {
    expectOneLineError(await gh(['audit', '--action', 'signin']), 2, /--action takes one of: sign_in, step_up, .*; not "signin"/);
    expectOneLineError(await gh(['audit', '--outcome', 'ok']), 2, /--outcome takes one of: success, failed, .*; not "ok"/);
    expect((await gh(['audit', '--action', 'sign_in', '--outcome', 'failed', '--json'])).code).toBe(0);
  });
});

describe('gatehouse doctor', () => {
  it('reports the keychain, the store, the schema and a clean integrity check', async () => {
    const result = await gh(['doctor', '--json']);
    expect(result.code).toBe(0);
    expect(result.json()).toMatchObject({ healthy: true, keychain: 'os', store: join(dataDir, 'gatehouse.db'), schemaVersion: SCHEMA_VERSION, integrity: 'ok' });
  });
});

describe('usage errors', () => {
  it('answers unknown commands, stray arguments and misplaced options with one line and exit 2', async () => {
    expectOneLineError(await gh(['users', 'frobnicate']), 2, /unknown command 'users frobnicate'/);
    expectOneLineError(await gh([]), 2, /no command given/);
    expectOneLineError(await gh(['users', 'list', 'extra']), 2, /unexpected argument 'extra'/);
    expectOneLineError(await gh(['users', 'list', '--email', ADMIN]), 2, /does not take --email/);
    expectOneLineError(await gh(['users', 'show']), 2, /--email is required/);
    expectOneLineError(await gh(['--keychain', 'vault', 'users', 'list']), 2, /--keychain takes os or file/);
  });

  it('prints the version of package.json', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const result = await gh(['--version']);
    expect([result.code, result.stdout]).toEqual([0, `${version}\n`]);
  });

  it('prints help and exits 0', async () => {
    const result = await gh(['--help']);
    expect(result.code).toBe(0);
    for (const command of ['init', 'users add', 'users expire-password', 'policy set', 'verify password', 'audit', 'doctor']) expect(result.stdout).toContain(command);
    expect(result.stdout).toMatch(/--version +the version of Gatehouse/);
  });
});

describe('operational errors', () => {
  it('exits 1 with a clear message when there is no store', async () => {
    expectOneLineError(await runGatehouse(['--data-dir', tempDataDir(), 'users', 'list']), 1, /no Gatehouse store/);
  });

  it('takes the data dir from GATEHOUSE_DATA_DIR', async () => {
    const result = await runGatehouse(['users', 'list', '--json'], { env: { GATEHOUSE_DATA_DIR: dataDir } });
    expect(result.code).toBe(0);
    expect(result.json<unknown[]>().length).toBeGreaterThan(1);
  });

  it('says when the OS keychain is unavailable and names the file option', async () => {
    const result = await gh(['users', 'list'], undefined, { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' });
    expectOneLineError(result, 1, /OS keychain is unavailable.*--keychain file/);
  });

  it('leaves every store file unchanged when the key is wrong', async () => {
    const dir = tempDataDir();
    const env = { GATEHOUSE_DATA_DIR: dir, GATEHOUSE_KEYCHAIN: 'file' };
    expect((await runGatehouse(['init'], { env })).code).toBe(0);
    expect((await runGatehouse(['users', 'add', '--email', ADMIN, '--password-stdin'], { env, stdin: `${ADMIN_PASSWORD}\n` })).code).toBe(0);
    writeFileSync(join(dir, 'store.key'), `${'ab'.repeat(32)}\n`, { mode: 0o600 });
    const snapshot = () => Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name)).toString('base64')]));
    const before = snapshot();
    expectOneLineError(await runGatehouse(['users', 'list'], { env }), 1, /key does not open.*Nothing was changed/);
    expectOneLineError(await runGatehouse(['verify', 'password', '--email', ADMIN, '--password-stdin'], { env, stdin: `${ADMIN_PASSWORD}\n` }), 1, /key does not open/);
    expect((await runGatehouse(['doctor', '--json'], { env })).code).toBe(1);
    expect(snapshot()).toEqual(before);
  });
});
