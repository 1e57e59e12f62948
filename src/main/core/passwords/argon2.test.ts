import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../test/support/fakes.js';
import { ARGON2_QUEUE, hashPassword, needsRehash, verifyPassword } from './argon2.js';

const PARAMS = { memoryKiB: 19456, iterations: 2, parallelism: 1 };
const PHC = (m: number, t: number, p: number, prefix = '') => `${prefix}$argon2id$v=19$m=${m},t=${t},p=${p}$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA`;

describe('needsRehash', () => {
  it('is false only for an Argon2id hash made with exactly the policy’s parameters', () => {
    expect(needsRehash(PHC(19456, 2, 1), PARAMS)).toBe(false);
    expect(needsRehash(PHC(65536, 3, 4), { memoryKiB: 65536, iterations: 3, parallelism: 4 })).toBe(false);
  });

  it.each([
    ['less memory', PHC(9728, 2, 1)],
    ['more iterations', PHC(19456, 3, 1)],
    ['more lanes', PHC(19456, 2, 2)],
    ['another algorithm', PHC(19456, 2, 1).replace('argon2id', 'argon2i')],
    ['another version', PHC(19456, 2, 1).replace('v=19', 'v=16')],
    ['text before the hash', PHC(19456, 2, 1, 'x')],
    ['not a hash at all', 'plaintext'],
  ])('is true for %s', (_label, phc) => {
    expect(needsRehash(phc, PARAMS)).toBe(true);
  });
});

describe('hashPassword and verifyPassword', () => {
  it('hash with the given parameters, and never verify against a malformed hash', async () => {
    const phc = await hashPassword('a passphrase', { memoryKiB: 1024, iterations: 1, parallelism: 1 }, seededRandom('argon2'));
    expect(phc).toMatch(/^\$argon2id\$v=19\$m=1024,t=1,p=1\$/);
    expect(await verifyPassword(phc, 'a passphrase')).toBe(true);
    expect(await verifyPassword(phc, 'another')).toBe(false);
    expect(await verifyPassword('$argon2id$v=19$m=1024,t=1,p=1$broken', 'a passphrase')).toBe(false);
  });
});

describe('ARGON2_QUEUE', () => {
  it("has a lane for each core but one (at least one), a job for each of libuv's threads but one, and lets 8 per core wait", () => {
    const cores = availableParallelism();
    expect(ARGON2_QUEUE.lanes).toBe(Math.max(1, cores - 1));
    expect(ARGON2_QUEUE.maxJobs).toBe(Math.max(1, (Number(process.env.UV_THREADPOOL_SIZE) || 4) - 1));
    expect(ARGON2_QUEUE.maxWaiting).toBe(8 * Math.max(1, availableParallelism()));
  });

  it("gives a hash and a verification the lanes of their parallelism: the policy's, or the stored hash's", async () => {
    ARGON2_QUEUE.peakLanes = 0;
    const light = { memoryKiB: 8, iterations: 1, parallelism: 1 };
    const phc = await hashPassword('pw', light, seededRandom('lanes'));
    await Promise.all([verifyPassword(phc, 'pw'), verifyPassword(phc, 'pw'), verifyPassword(phc, 'pw')]);
    expect(ARGON2_QUEUE.peakLanes).toBe(Math.min(3, ARGON2_QUEUE.lanes, ARGON2_QUEUE.maxJobs));
    ARGON2_QUEUE.peakLanes = 0;
    const wide = await hashPassword('pw', { ...light, memoryKiB: 64, parallelism: 8 }, seededRandom('wide'));
    // Wider than this machine's budget (unless it has nine cores or more): it runs, alone.
    expect(ARGON2_QUEUE.peakLanes).toBe(Math.min(8, ARGON2_QUEUE.lanes));
    expect(await verifyPassword(wide, 'pw')).toBe(true);
  });
});
