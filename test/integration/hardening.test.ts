// Issue 8, findings 2, 5, 6, 10, 12: nothing that is not an address is stored as one, hostile
// text is refused at the contract, a bad path is a 400, hashing is bounded, growth is bounded.
import { request } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GatehouseError } from '../../src/main/common/errors.js';
import { ARGON2_QUEUE } from '../../src/main/core/passwords/argon2.js';
import { THROTTLE_MEMORY_MS } from '../../src/main/common/throttle.js';
import { createAppServices, createProblemServices } from '../../src/main/ipc/app-services.js';
import { startHttpTransport, TOKEN_HEADER } from '../../src/main/ipc/http-transport.js';
import { createCoreFixture, CLI_ACTOR, type CoreFixture } from '../support/core.js';

const PASSWORD = 'a passphrase for the hardening tests';
let f: CoreFixture;
beforeEach(async () => {
  f = await createCoreFixture();
  await f.core.accounts.create({ email: 'ada@example.com', password: PASSWORD }, CLI_ACTOR);
});
afterEach(() => f.cleanup());

describe('a password typed into the email field (finding 2)', () => {
  const typed = 'Correct Horse Battery Staple 42';

  it('is never stored or shown: the trail says "(not an email address)", and throttling still counts it', async () => {
    for (let i = 0; i < 5; i++) expect(await f.core.signIn.password(typed, 'anything')).toEqual({ kind: 'failed' });
    expect(await f.core.signIn.password(typed, 'anything')).toMatchObject({ kind: 'locked' });
    // Stored rows (not the display view) hold a keyed hash, never the text, in any case.
    const stored = f.store.audit.list({ action: 'sign_in' });
    expect(stored).toHaveLength(6);
    for (const row of stored) {
      expect(row.email).toMatch(/^not-an-email:[A-Za-z0-9_-]{43}$/);
      expect(JSON.stringify(row).toLowerCase()).not.toContain('horse');
    }
    expect(f.store.throttle.count()).toBe(1); // one row, under the keyed hash
    expect(f.core.audit.trail({ action: 'sign_in' }).map((e) => e.email)).toEqual(Array(6).fill('(not an email address)'));
  });

  it('counts the same input as the same attempt, another input apart, and real addresses as themselves', async () => {
    await f.core.signIn.password(typed, 'x');
    await f.core.signIn.password(`  ${typed.toUpperCase()} `, 'x');
    await f.core.signIn.password('another mistake', 'x');
    await f.core.signIn.password('Ada@Example.com', 'wrong');
    const [a, b, c, d] = f.store.audit.list({ action: 'sign_in' }).map((e) => e.email);
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(d).toBe('ada@example.com');
  });
});

describe('hostile text in emails and names (finding 5)', () => {
  const services = () => createAppServices(f.core, f.clock, { error: () => {} });
  const hostile = ['ada\n2026-01-01 forged row', 'ada\r@example.com', '\u001b]8;;http://evil\u0007x@example.com', 'ada\u202e@example.com', 'ada\u2066@example.com'];

  it.each(hostile)('the contract refuses %j as an email and as a name', async (text) => {
    const { dispatch } = services();
    expect(await dispatch('auth.signIn', { email: text, password: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', field: 'email', message: expect.stringMatching(/^An email address cannot contain control or text-direction/) },
    });
    expect(await dispatch('setup.createAdmin', { email: 'new@example.com', displayName: text, password: PASSWORD })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', field: 'displayName', message: expect.stringMatching(/^A name cannot contain control or text-direction/) },
    });
  });

  it('the core refuses them too, for callers that do not go through the contract (the CLI)', async () => {
    await expect(f.core.accounts.create({ email: 'x\u001b[2J@example.com', password: PASSWORD }, CLI_ACTOR)).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('\\x1b'),
    });
    await expect(f.core.accounts.create({ email: 'bob@example.com', displayName: 'Bob\u202eevil', password: PASSWORD }, CLI_ACTOR)).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });
});

describe('the HTTP transport (findings 6 and 10)', () => {
  async function withServer(work: (port: number, token: string, lines: string[]) => Promise<void>) {
    const { dispatch } = createAppServices(f.core, f.clock, { error: () => {} });
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-renderer-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Gatehouse</title>');
    const lines: string[] = [];
    const server = await startHttpTransport({ port: 0, rendererDir: dir, bridgeDir: dir, dispatch, log: (line) => lines.push(line) });
    try {
      await work(server.port, server.token, lines);
    } finally {
      await server.close();
    }
  }

  it('refuses a malformed percent-encoding in the path with 400 invalid_input, not a 500', async () => {
    await withServer(async (port, token) => {
      const reply = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: '/ipc/%ZZ',
            headers: { host: `gatehouse.localhost:${port}`, origin: `http://gatehouse.localhost:${port}`, [TOKEN_HEADER]: token, 'content-type': 'application/json' },
          },
          (res) => {
            let body = '';
            res.on('data', (d: Buffer) => (body += d.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          },
        );
        req.on('error', reject);
        req.end('{}');
      });
      expect(reply.status).toBe(400);
      expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    });
  });

  it('logs a request aborted mid-body as one line, not a stack trace', async () => {
    await withServer(async (port, token, lines) => {
      for (let i = 0; i < 3; i++) {
        await new Promise<void>((resolve) => {
          const req = request({
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: '/ipc/app.status',
            headers: {
              host: `gatehouse.localhost:${port}`,
              origin: `http://gatehouse.localhost:${port}`,
              [TOKEN_HEADER]: token,
              'content-type': 'application/json',
              'content-length': '1000',
            },
          });
          req.on('error', () => resolve());
          req.write('{"partial":');
          setTimeout(() => req.destroy(), 50);
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(lines).toHaveLength(3);
      for (const line of lines) expect(line).toMatch(/^gatehouse: http POST \/ipc\/app\.status refused: \S+$/);
    });
  });
});

describe('bounded password hashing (finding 10)', () => {
  it('never runs more hashes than cores, and answers the sign-ins beyond the queue with "busy" before counting them', async () => {
    const { lanes, maxJobs, maxWaiting } = ARGON2_QUEUE;
    const admitted = Math.min(lanes, maxJobs) + maxWaiting;
    const attempts = admitted + 7;
    ARGON2_QUEUE.peakLanes = 0;
    ARGON2_QUEUE.peakActive = 0;
    const results = await Promise.allSettled(Array.from({ length: attempts }, () => f.core.signIn.password('nobody@example.com', 'wrong password')));
    const busy = results.filter((r) => r.status === 'rejected');
    expect(busy).toHaveLength(7);
    for (const r of busy) expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'busy', message: expect.stringMatching(/busy.*Try again/) });
    expect(ARGON2_QUEUE.peakLanes).toBeLessThanOrEqual(lanes);
    expect(ARGON2_QUEUE.peakActive).toBeLessThanOrEqual(Math.min(lanes, maxJobs));
    // Only the admitted attempts were counted and audited.
    expect(f.store.audit.list({ action: 'sign_in' })).toHaveLength(admitted);
    // And once they are done, there is room again.
    expect(await f.core.signIn.password('ada@example.com', PASSWORD)).toMatchObject({ kind: 'success' });
  });
});

describe('growth is bounded (finding 12)', () => {
  it('forgets a throttle row a day after its last failure, known account or not; keeps blocks and locks', async () => {
    await f.core.signIn.password('ghost@example.com', 'wrong');
    await f.core.signIn.password('ada@example.com', 'wrong');
    expect(f.store.throttle.count()).toBe(2);
    f.clock.advance(THROTTLE_MEMORY_MS - 60_000);
    await f.core.signIn.password('other@example.com', 'wrong'); // an attempt runs the hourly upkeep
    expect(f.store.throttle.count()).toBe(3);
    f.clock.advance(2 * 60 * 60_000);
    await f.core.signIn.password('other@example.com', 'wrong');
    expect(f.store.throttle.get('ghost@example.com').consecutiveFailures).toBe(0);
    expect(f.store.throttle.get('ada@example.com').consecutiveFailures).toBe(0);
    expect(f.store.throttle.count()).toBe(1);
  });

  it('keeps a locked row however old it is', async () => {
    await f.core.policy.update({ lockoutAfterFailures: 2, throttleMaxFailures: 10 }, CLI_ACTOR);
    await f.core.signIn.password('ada@example.com', 'wrong');
    await f.core.signIn.password('ada@example.com', 'wrong');
    f.clock.advance(10 * THROTTLE_MEMORY_MS);
    await f.core.signIn.password('someone@example.com', 'wrong');
    expect(await f.core.signIn.password('ada@example.com', PASSWORD)).toEqual({ kind: 'locked' });
  });

  it('keeps the whole audit trail by default, and only the retention the policy sets when it sets one', async () => {
    await f.core.signIn.password('ada@example.com', 'wrong');
    f.clock.advance(100 * 86_400_000);
    await f.core.signIn.password('ada@example.com', 'wrong');
    f.clock.advance(2 * 60 * 60_000);
    await f.core.signIn.password('ada@example.com', 'wrong');
    expect(f.store.audit.list({ action: 'sign_in' })).toHaveLength(3);
    expect(() => f.core.policy.update({ auditRetentionDays: 7 }, CLI_ACTOR)).toThrow('The audit retention must be at least 90.');
    await f.core.policy.update({ auditRetentionDays: 90 }, CLI_ACTOR);
    f.clock.advance(2 * 60 * 60_000);
    await f.core.signIn.password('ada@example.com', 'wrong');
    expect(f.store.audit.list({ action: 'sign_in' })).toHaveLength(3);
    expect(f.store.audit.list({ action: 'audit.prune' })).toEqual([
      expect.objectContaining({ actor: 'anonymous', detail: expect.stringMatching(/^\d+ entries before .* \(retention\)$/) }),
    ]);
  });

  it('prunes on request only after the export has every removed entry; the trail stays append-only otherwise', async () => {
    await f.core.signIn.password('ada@example.com', 'wrong');
    const cut = f.clock.now() + 1;
    f.clock.advance(1000);
    await f.core.signIn.password('ada@example.com', 'wrong again');
    const all = f.store.audit.list();
    const old = all.filter((e) => e.at < cut).map((e) => e.id);
    expect(old).toHaveLength(2); // the account's creation and the first wrong password
    const exported: number[] = [];
    expect(() =>
      f.core.audit.prune(
        cut,
        CLI_ACTOR,
        (e) => exported.push(e.id),
        () => {
          throw new Error('the export could not be written');
        },
      ),
    ).toThrow(/could not be written/);
    expect(f.store.audit.list()).toEqual(all); // nothing was removed
    exported.length = 0;
    expect(
      f.core.audit.prune(
        cut,
        CLI_ACTOR,
        (e) => exported.push(e.id),
        () => {},
      ),
    ).toBe(2);
    expect(exported).toEqual(old);
    expect(f.store.audit.list().map((e) => e.action)).toEqual(['sign_in', 'audit.prune']);
    // Outside a prune, the trigger still refuses any delete.
    expect(() => f.store.transaction(() => (f.store as unknown as { db: { exec(sql: string): void } }).db.exec('DELETE FROM audit'))).toThrow(/append-only/);
  });
});

describe('a store that cannot be used (finding 1)', () => {
  it('answers the app status with the problem and refuses everything else with the same words', async () => {
    const problem = new GatehouseError('store_incomplete', 'part of it is missing');
    const { dispatch } = createProblemServices(problem, f.clock);
    expect(await dispatch('app.status', {})).toEqual({
      ok: true,
      value: { needsSetup: false, session: null, passwordMinLength: 0, storeProblem: { code: 'store_incomplete', message: 'part of it is missing' }, canRestoreWithKit: false },
    });
    expect(await dispatch('setup.createAdmin', { email: 'a@example.com', displayName: '', password: PASSWORD })).toEqual({
      ok: false,
      error: { code: 'store_incomplete', message: 'part of it is missing' },
    });
  });
});
