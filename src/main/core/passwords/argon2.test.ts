import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../test/support/fakes.js';
import { ARGON2_QUEUE, DEFAULT_KDF, hashPassword, needsRehash, verifyPassword } from './argon2.js';

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
  it('runs as many hashes at once as leave a core to the main thread (at least one), and lets 8 per core wait', () => {
    const cores = availableParallelism();
    expect(ARGON2_QUEUE.concurrency).toBe(Math.max(1, Math.floor((cores - 1) / DEFAULT_KDF.parallelism)));
    expect(ARGON2_QUEUE.concurrency * DEFAULT_KDF.parallelism).toBeLessThanOrEqual(Math.max(DEFAULT_KDF.parallelism, cores - 1));
    expect(ARGON2_QUEUE.maxWaiting).toBe(8 * Math.max(1, availableParallelism()));
  });
});
