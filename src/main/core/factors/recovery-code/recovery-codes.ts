import { createHmac, timingSafeEqual } from 'node:crypto';
import { hashPassword, verifyPassword, type KdfParams } from '../../passwords/argon2.js';
import type { RandomSource } from '../../../common/ports.js';
import { CROCKFORD, encodeBase32 } from '../../../common/base32.js';

export const RECOVERY_CODE_COUNT = 10;
/** Each code is 12 Crockford characters: 60 random bits, shown as XXXX-XXXX-XXXX. */
const CODE_CHARS = 12;

/**
 * Recovery codes are random, not chosen, so a cheaper Argon2id than passwords' is enough to
 * make a stolen table useless (ASVS 6.5.2: salted, slow); checking all ten stays quick.
 * OWASP's minimum Argon2id configuration.
 */
export const RECOVERY_KDF: KdfParams = { memoryKiB: 19456, iterations: 2, parallelism: 1 };

export function newRecoveryCode(random: RandomSource): string {
  const chars = encodeBase32(random.bytes(8), CROCKFORD).slice(0, CODE_CHARS);
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
}

/**
 * What a person types, as the canonical code: any case, spaces and hyphens ignored, and the
 * letters Crockford maps (O→0, I and L→1). Null when it cannot be a recovery code.
 */
export function normaliseRecoveryCode(input: string): string | null {
  const code = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return code.length === CODE_CHARS && [...code].every((c) => CROCKFORD.includes(c)) ? code : null;
}

export function hashRecoveryCode(code: string, kdf: KdfParams, random: RandomSource): Promise<string> {
  return hashPassword(normaliseRecoveryCode(code)!, kdf, random);
}

/**
 * Finding the code's row. Each code is also stored with a tag, an HMAC of the account and the
 * code under a key kept outside the store (the keychain's `recovery_tags` entry): the typed
 * code's tag names the one row to check, so a sign-in with a recovery code costs one slow hash,
 * right or wrong, instead of up to ten. The tag starts with a check value of its key: codes
 * tagged under a key that is gone (a keychain lost and restored with the emergency kit, a
 * backup restored elsewhere) are found the old way, one hash per code, until new ones are made.
 *
 * The key is not in the store on purpose: a copy of the store (a backup and the recovery key)
 * gives the hashes but not the tags' key, so guessing codes still costs an Argon2id hash per
 * guess, as it did before the tags.
 */
const tagKeyCheck = (tagKey: Buffer): string => createHmac('sha256', tagKey).update('gatehouse recovery code tag key').digest().subarray(0, 6).toString('base64url');

export function recoveryCodeTag(tagKey: Buffer, userId: string, code: string): string {
  const mac = createHmac('sha256', tagKey)
    .update(`${userId}\0${normaliseRecoveryCode(code)}`)
    .digest()
    .subarray(0, 16)
    .toString('base64url');
  return `${tagKeyCheck(tagKey)}.${mac}`;
}

/** The index of the stored code this one matches, or -1. `tagKey`: null when the keychain cannot give it. */
export async function findRecoveryCode(
  input: string,
  codes: readonly { hash: string; tag: string | null }[],
  /** `dummy`: a hash of nothing anyone knows, with the codes' parameters (passwords/hashing.ts), for a code that matches no row. */
  lookup: { userId: string; tagKey: Buffer | null; dummy: () => Promise<string> },
): Promise<number> {
  const code = normaliseRecoveryCode(input);
  if (code === null) return -1;
  const { tagKey } = lookup;
  // No code left: one hash all the same, so that a try does not say whether any are left.
  if (codes.length === 0) return (await verifyPassword(await lookup.dummy(), code), -1);
  if (tagKey && codes.every((row) => row.tag?.startsWith(`${tagKeyCheck(tagKey)}.`))) {
    const tag = Buffer.from(recoveryCodeTag(tagKey, lookup.userId, code));
    const index = codes.findIndex((row) => Buffer.byteLength(row.tag!) === tag.length && timingSafeEqual(Buffer.from(row.tag!), tag));
    // One hash, whether a row was found or not: a wrong code takes as long as a right one.
    const matches = await verifyPassword(index >= 0 ? codes[index]!.hash : await lookup.dummy(), code);
    return index >= 0 && matches ? index : -1;
  }
  for (let i = 0; i < codes.length; i++) if (await verifyPassword(codes[i]!.hash, code)) return i;
  return -1;
}
