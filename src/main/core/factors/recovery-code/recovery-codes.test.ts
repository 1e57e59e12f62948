import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../../test/support/fakes.js';
import { TEST_KDF } from '../../../../../test/support/core.js';
import { findRecoveryCode, hashRecoveryCode, newRecoveryCode, normaliseRecoveryCode } from './recovery-codes.js';

describe('recovery codes', () => {
  it('look like XXXX-XXXX-XXXX in Crockford base32, and differ', () => {
    const random = seededRandom();
    const codes = Array.from({ length: 10 }, () => newRecoveryCode(random));
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(new Set(codes).size).toBe(10);
  });

  it('are read in any case, with or without separators, mapping O→0 and I, L→1', () => {
    expect(normaliseRecoveryCode('ab1c-d0ef-gh23')).toBe('AB1CD0EFGH23');
    expect(normaliseRecoveryCode(' AB1C D0EF GH23 ')).toBe('AB1CD0EFGH23');
    expect(normaliseRecoveryCode('ABlC-DoEF-GH23')).toBe('AB1CD0EFGH23');
    expect(normaliseRecoveryCode('ABIC-DOEF-GH23')).toBe('AB1CD0EFGH23');
    for (const bad of ['ABCD-EFGH', 'ABCD-EFGH-JKMNP', 'ABCD-EFGH-JKU1', '']) expect(normaliseRecoveryCode(bad)).toBeNull();
  });

  it('are stored as salted Argon2id hashes and found by any spelling', async () => {
    const random = seededRandom();
    const codes = [newRecoveryCode(random), newRecoveryCode(random)];
    const hashes = await Promise.all(codes.map((c) => hashRecoveryCode(c, TEST_KDF, random)));
    for (const hash of hashes) expect(hash).toMatch(/^\$argon2id\$/);
    expect(hashes.join()).not.toContain(codes[0]!.replace(/-/g, ''));
    expect(await findRecoveryCode(codes[1]!.toLowerCase().replace(/-/g, ' '), hashes)).toBe(1);
    expect(await findRecoveryCode('0000-0000-0000', hashes)).toBe(-1);
    expect(await findRecoveryCode('not a code', hashes)).toBe(-1);
  });
});
