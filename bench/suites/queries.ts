/**
 * The administrator's queries at three sizes of store, each against the same query on the
 * smallest, in the same rounds: a page of the account list and one account (100, 10k and 100k
 * accounts), and the audit page with each of its filters (10k, 1M and 10M entries). The stores
 * are seeded through the store's own API, in transactions of 10 000, and copied at each size.
 * Then `audit --json` over the whole trail: its peak memory at the largest size against the
 * smallest.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGatehouse, type Gatehouse } from '../../src/main/core/gatehouse.js';
import { loadCommonPasswords } from '../../src/main/core/passwords/blocklist.js';
import { systemClock, cryptoRandom } from '../../src/main/common/ports.js';
import { createFileKeychain } from '../../src/main/secrets/file-keychain.js';
import { createStore, openStore, type StoreLocation } from '../../src/main/store/open.js';
import type { Store } from '../../src/main/store/store.js';
import { interleave, ratios, stats, type Row, type Section } from '../lib.js';
import type { AuditAction } from '../../src/shared/index.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BATCH = 10_000;
const START = Date.UTC(2026, 0, 1);
const ACTIONS: AuditAction[] = ['sign_in', 'sign_in', 'sign_in', 'step_up', 'account.create', 'password.change', 'code.send', 'account.disable'];
const PEOPLE = 5_000;
const BUSY = 'busy.person@example.com';

interface Sized {
  label: string;
  location: StoreLocation;
  store: Store;
  core: Gatehouse;
}

const emailOf = (i: number) => `person${i}@example.com`;

function seedUsers(store: Store, from: number, to: number): void {
  for (let start = from; start < to; start += BATCH) {
    store.transaction(() => {
      for (let i = start; i < Math.min(to, start + BATCH); i++) {
        store.users.insert({
          id: `user-${i}`,
          email: emailOf(i),
          displayName: `Person ${i}`,
          isAdmin: i === 0,
          status: 'active',
          passwordHash: null,
          passwordChangedAt: null,
          mustChangePassword: false,
          createdAt: START + i * 1000,
          lastSignInAt: null,
          emailVerifiedAt: null,
          phone: null,
          phoneVerifiedAt: null,
          requireMfa: false,
        });
      }
    });
  }
}

/** Entries a minute apart, over a few thousand addresses and the usual mix of actions; one in ten failed. */
function seedAudit(store: Store, from: number, to: number): void {
  for (let start = from; start < to; start += BATCH) {
    store.transaction(() => {
      for (let i = start; i < Math.min(to, start + BATCH); i++) {
        store.audit.append({
          at: START + i * 60_000,
          actor: 'anonymous',
          action: ACTIONS[i % ACTIONS.length]!,
          // One entry in fifty is of one busy address: a page of it is full (100 entries) at every size.
          email: i % 50 === 0 ? BUSY : emailOf((i * 7919) % PEOPLE),
          outcome: i % 10 === 0 ? 'failed' : 'success',
        });
      }
    });
  }
}

async function open(dataDir: string, label: string): Promise<Sized> {
  const location = { dataDir, keychain: createFileKeychain(dataDir, () => {}) };
  const store = await openStore(location);
  const core = createGatehouse({ store, clock: systemClock, random: cryptoRandom, kdf: { memoryKiB: 19456, iterations: 2, parallelism: 1 }, blocklist: loadCommonPasswords() });
  return { label, location, store, core };
}

/** Grows one store through the sizes, copying it (with its key file) at each; returns the copies, open. */
async function grow(root: string, sizes: number[], seed: (store: Store, from: number, to: number) => void, name: (n: number) => string): Promise<Sized[]> {
  const dataDir = join(root, 'growing');
  const location = { dataDir, keychain: createFileKeychain(dataDir, () => {}) };
  const store = await createStore(location, cryptoRandom, new Date(START));
  const copies: string[] = [];
  let done = 0;
  for (const size of sizes) {
    process.stderr.write(`bench: seeding ${name(size)}…\n`);
    seed(store, done, size);
    done = size;
    store.checkpoint();
    const copy = join(root, `size-${size}`);
    // Not the -shm: it is the open connection's shared memory; SQLite rebuilds it.
    cpSync(dataDir, copy, { recursive: true, filter: (source) => !source.endsWith('-shm') });
    copies.push(copy);
  }
  store.close();
  rmSync(dataDir, { recursive: true, force: true });
  return Promise.all(copies.map((copy, i) => open(copy, name(sizes[i]!))));
}

function compare(section: string, sized: Sized[], queries: Record<string, (s: Sized) => unknown>, samples: Record<string, number[]>): Row[] {
  const rows: Row[] = [];
  for (const query of Object.keys(queries)) {
    const floor = samples[`${query} @ ${sized[0]!.label}`]!;
    for (const s of sized.slice(1)) {
      const at = samples[`${query} @ ${s.label}`]!;
      const ms = stats(at).median; // of 20 runs
      rows.push({
        figure: `${section}: ${query}, ${s.label}`,
        floor: sized[0]!.label,
        floorMs: stats(floor).median / 20,
        ratio: ratios(at, floor),
        target: 1.2,
        absolute: { ms: ms / 20, max: 50 },
      });
    }
  }
  return rows;
}

async function timeAll(sized: Sized[], queries: Record<string, (s: Sized) => unknown>, rounds: number): Promise<Record<string, number[]>> {
  const cases: Record<string, () => unknown> = {};
  // Each timing is of 20 runs: one run of a query that takes a tenth of a millisecond is below the clock's noise.
  for (const [name, run] of Object.entries(queries))
    for (const s of sized)
      cases[`${name} @ ${s.label}`] = () => {
        for (let i = 0; i < 20; i++) run(s);
      };
  return interleave(cases, rounds, { warmUp: 2 });
}

/** Peak resident memory of `gatehouse audit --json` over the whole trail of a store, in KiB. */
function exportPeak(s: Sized): number {
  const script = `const { runCli } = await import(${JSON.stringify(join(ROOT, 'dist-cli', 'gatehouse.mjs'))});
const code = await runCli(['audit', '--json'], { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env });
// This process's own high-water mark (VmHWM, reset at exec): the rusage maximum starts at the
// parent's, which a benchmark holding 10M entries open makes large.
const { readFileSync } = await import('node:fs');
const hwm = /VmHWM:\\s+(\\d+) kB/.exec((() => { try { return readFileSync('/proc/self/status', 'utf8'); } catch { return ''; } })());
process.stderr.write('PEAK ' + (hwm ? hwm[1] : process.resourceUsage().maxRSS) + '\\n'); process.exitCode = code;`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, GATEHOUSE_DATA_DIR: s.location.dataDir, GATEHOUSE_KEYCHAIN: 'file' },
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 1 << 20,
  });
  const peak = /PEAK (\d+)/.exec(result.stderr.toString());
  if (result.status !== 0 || !peak) throw new Error(`audit --json failed: ${result.stderr.toString().slice(0, 500)}`);
  return Number(peak[1]);
}

export async function queriesSuite(quick: boolean): Promise<Section> {
  spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-cli.js')]);
  const root = mkdtempSync(join(tmpdir(), 'gatehouse-bench-queries-'));
  const userSizes = quick ? [100, 1_000] : [100, 10_000, 100_000];
  const auditSizes = quick ? [1_000, 10_000] : [10_000, 1_000_000, 10_000_000];
  const rounds = quick ? 3 : 15;
  try {
    const users = await grow(join(root, 'users'), userSizes, seedUsers, (n) => `${n.toLocaleString('en')} accounts`);
    const userQueries: Record<string, (s: Sized) => unknown> = {
      'a page of the list': (s) => s.core.accounts.list({ limit: 100 }),
      // 50 after the tenth: a full page at every size, the smallest included.
      'the next page': (s) => s.core.accounts.list({ afterEmail: emailOf(10), limit: 50 }),
      'one account': (s) => s.core.accounts.show(emailOf(userSizes[0]! - 1)),
    };
    const userRows = compare('accounts', users, userQueries, await timeAll(users, userQueries, rounds));
    for (const s of users) s.store.close();

    const audit = await grow(join(root, 'audit'), auditSizes, seedAudit, (n) => `${n.toLocaleString('en')} entries`);
    const day = (s: Sized) => {
      const last = s.store.audit.head()!.at;
      return { since: last - 86_400_000, until: last };
    };
    const auditQueries: Record<string, (s: Sized) => unknown> = {
      'the first page': (s) => s.core.audit.page({ limit: 100 }),
      'the next page': (s) => s.core.audit.page({ limit: 100, beforeId: s.store.audit.head()!.id - 150 }),
      'an address': (s) => s.core.audit.page({ limit: 100, email: BUSY }),
      'part of an address': (s) => s.core.audit.page({ limit: 100, emailContains: 'busy.per' }),
      'an action': (s) => s.core.audit.page({ limit: 100, action: 'account.disable' }),
      'a result': (s) => s.core.audit.page({ limit: 100, outcome: 'failed' }),
      'the last day': (s) => s.core.audit.page({ limit: 100, ...day(s) }),
      'an action on the last day': (s) => s.core.audit.page({ limit: 100, action: 'password.change', ...day(s) }),
    };
    const auditRows = compare('audit', audit, auditQueries, await timeAll(audit, auditQueries, rounds));
    for (const s of audit) s.store.close();

    // Memory: one export at each size, smallest and largest, in turn.
    const peaks = { small: [] as number[], large: [] as number[] };
    for (let i = 0; i < (quick ? 1 : 2); i++) {
      peaks.small.push(exportPeak(audit[0]!));
      peaks.large.push(exportPeak(audit.at(-1)!));
    }
    const memory: Row = {
      figure: `audit --json, peak memory, ${audit.at(-1)!.label}`,
      floor: `the same, ${audit[0]!.label}`,
      ratio: ratios(peaks.large, peaks.small),
      target: 1.2,
      note: `${(stats(peaks.large).median / 1024).toFixed(0)} MiB`,
    };
    return {
      title: 'Administrator queries at size',
      about:
        'Each query on a store of each size, against the same query on the smallest, in the same rounds; every one is also held to 50 ms at each size. Seeded through the store, in transactions: accounts made a second apart; audit entries a minute apart over 5 000 addresses (one entry in fifty of one busy address, so that its page is full at every size) and eight actions, one in ten failed.',
      rows: [...userRows, ...auditRows, memory],
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
