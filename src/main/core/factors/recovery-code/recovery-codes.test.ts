import { describe, expect, it, vi } from 'vitest';
import * as argon2 from '../../passwords/argon2.js';
import { seededRandom } from '../../../../../test/support/fakes.js';
import { TEST_KDF } from '../../../../../test/support/core.js';
import { findRecoveryCode, hashRecoveryCode, newRecoveryCode, normaliseRecoveryCode, recoveryCodeTag } from './recovery-codes.js';

const argon2Verify = argon2.verifyPassword;

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
    const untagged = hashes.map((hash) => ({ hash, tag: null }));
    const dummy = hashRecoveryCode('ZZZZ-ZZZZ-ZZZZ', TEST_KDF, random);
    const lookup = { userId: 'u1', tagKey: null, dummy: () => dummy };
    expect(await findRecoveryCode(codes[1]!.toLowerCase().replace(/-/g, ' '), untagged, lookup)).toBe(1);
    expect(await findRecoveryCode('0000-0000-0000', untagged, lookup)).toBe(-1);
    expect(await findRecoveryCode('not a code', untagged, lookup)).toBe(-1);
  });

  it('are found by their tag with one hash, right or wrong; without the tag key, one hash per code', async () => {
    const random = seededRandom();
    const tagKey = Buffer.alloc(32, 3);
    const codes = Array.from({ length: 10 }, () => newRecoveryCode(random));
    const stored = await Promise.all(codes.map(async (code) => ({ hash: await hashRecoveryCode(code, TEST_KDF, random), tag: recoveryCodeTag(tagKey, 'u1', code) })));
    // The tag is bound to the account and the code, and says nothing of either in the clear.
    expect(recoveryCodeTag(tagKey, 'u2', codes[0]!)).not.toBe(stored[0]!.tag);
    expect(stored[0]!.tag).not.toContain(codes[0]!.replace(/-/g, ''));
    const hashed: string[] = [];
    const counting = async <T>(work: () => Promise<T>): Promise<{ result: T; hashes: number }> => {
      const spy = vi.spyOn(argon2, 'verifyPassword').mockImplementation(async (hash, code) => (hashed.push(hash), argon2Verify(hash, code)));
      try {
        hashed.length = 0;
        return { result: await work(), hashes: hashed.length };
      } finally {
        spy.mockRestore();
      }
    };
    const dummy = hashRecoveryCode('ZZZZ-ZZZZ-ZZZZ', TEST_KDF, random);
    const lookup = { userId: 'u1', tagKey, dummy: () => dummy };
    expect(await counting(() => findRecoveryCode(codes[9]!, stored, lookup))).toEqual({ result: 9, hashes: 1 });
    expect(await counting(() => findRecoveryCode('0000-0000-0000', stored, lookup))).toEqual({ result: -1, hashes: 1 });
    // The keychain lost its tag key (or gives another): every code is still found, the slow way.
    expect(await counting(() => findRecoveryCode(codes[9]!, stored, { ...lookup, tagKey: null }))).toEqual({ result: 9, hashes: 10 });
    expect(await counting(() => findRecoveryCode(codes[9]!, stored, { ...lookup, tagKey: Buffer.alloc(32, 4) }))).toEqual({ result: 9, hashes: 10 });
    // With no code left, a try costs one hash all the same.
    expect(await counting(() => findRecoveryCode(codes[9]!, [], lookup))).toEqual({ result: -1, hashes: 1 });
    // A tag that names a row whose hash does not match is no match.
    const swapped = stored.map((row, i) => (i === 9 ? { ...row, hash: stored[0]!.hash } : row));
    expect(await findRecoveryCode(codes[9]!, swapped, lookup)).toBe(-1);
  });
});
