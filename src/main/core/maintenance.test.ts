import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CLI_ACTOR, createCoreFixture, TEST_KDF, type CoreFixture } from '../../../test/support/core.js';
import { createContext } from './context.js';
import { loadCommonPasswords } from './passwords/blocklist.js';
import { admitAttempt, refund } from './throttle-gate.js';
import { THROTTLE_MEMORY_MS } from '../common/throttle.js';

const HOUR = 3_600_000;
let f: CoreFixture;
beforeEach(async () => {
  f = await createCoreFixture();
  await f.core.accounts.create({ email: 'ada@example.com', password: 'ada has a long passphrase' }, CLI_ACTOR);
});
afterEach(() => f.cleanup());

describe('upkeep', () => {
  it('runs at most once an hour, from the sign-in path', async () => {
    await f.core.signIn.password('ghost@example.com', 'wrong'); // upkeep runs, then the row is made
    f.clock.advance(THROTTLE_MEMORY_MS - 30 * 60_000);
    await f.core.signIn.password('other@example.com', 'wrong'); // upkeep runs: ghost is 23.5 h old
    f.clock.advance(31 * 60_000);
    await f.core.signIn.password('other@example.com', 'wrong'); // ghost is past a day, but upkeep ran 31 min ago
    expect(f.store.throttle.get('ghost@example.com').consecutiveFailures).toBe(1);
    f.clock.advance(30 * 60_000);
    await f.core.signIn.password('other@example.com', 'wrong');
    expect(f.store.throttle.get('ghost@example.com').consecutiveFailures).toBe(0);
  });

  it('runs again exactly an hour after it last ran', async () => {
    await f.core.signIn.password('ghost@example.com', 'wrong');
    f.clock.advance(THROTTLE_MEMORY_MS - HOUR + 1);
    await f.core.signIn.password('other@example.com', 'wrong'); // upkeep runs here
    f.clock.advance(HOUR); // upkeep is due to the millisecond, and ghost is a day and 1 ms old
    await f.core.signIn.password('other@example.com', 'wrong');
    expect(f.store.throttle.get('ghost@example.com').consecutiveFailures).toBe(0);
  });

  it('records a prune by retention only when it removed something, and a requested one always', async () => {
    f.core.policy.update({ auditRetentionDays: 90 }, CLI_ACTOR);
    for (let i = 0; i < 3; i++) {
      f.clock.advance(HOUR);
      await f.core.signIn.password('ada@example.com', 'wrong');
    }
    expect(f.core.audit.trail({ action: 'audit.prune' })).toEqual([]);
    expect(
      f.core.audit.prune(
        f.clock.now() - 365 * 86_400_000,
        CLI_ACTOR,
        () => {},
        () => {},
      ),
    ).toBe(0);
    expect(f.core.audit.trail({ action: 'audit.prune' }).map((e) => [e.actor, e.outcome, e.detail])).toEqual([
      ['cli:tester', 'success', `0 entries before ${new Date(f.clock.now() - 365 * 86_400_000).toISOString()} (request)`],
    ]);
  });

  it('prepares the first sign-in of a process: the dummy hash exists before anyone asks', async () => {
    expect(f.store.settings.get('dummy_password_hash', z.string())).toBeUndefined();
    await f.core.prepare();
    expect(f.core.audit.trail({ action: 'sign_in' })).toEqual([]);
    expect(f.store.settings.get('dummy_password_hash', z.string())).toMatch(/^\$argon2id\$/);
  });
});

describe('the throttle gate', () => {
  const ctx = () =>
    createContext({ store: f.store, clock: f.clock, random: { bytes: (n: number) => Buffer.alloc(n, 7) }, kdf: TEST_KDF, recoveryKdf: TEST_KDF, blocklist: loadCommonPasswords() });

  it('counts nothing while blocked', async () => {
    for (let i = 0; i < 5; i++) await f.core.signIn.password('ada@example.com', 'wrong');
    const blocked = f.store.throttle.get('ada@example.com');
    f.clock.advance(60_000);
    expect(admitAttempt(ctx(), 'ada@example.com').verdict).toEqual({ kind: 'blocked', retryAfterMs: 4 * 60_000 });
    expect(f.store.throttle.get('ada@example.com')).toEqual(blocked);
  });

  it('refunds a right guess only if no other guess was counted meanwhile', () => {
    const c = ctx();
    const right = admitAttempt(c, 'ada@example.com');
    const wrong = admitAttempt(c, 'ada@example.com'); // a guess racing the right one
    refund(c, 'ada@example.com', right);
    expect(f.store.throttle.get('ada@example.com')).toEqual(wrong.after);
    refund(c, 'ada@example.com', wrong);
    expect(f.store.throttle.get('ada@example.com')).toEqual(right.after);
  });
});
