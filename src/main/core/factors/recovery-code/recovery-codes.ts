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

/** The index of the stored hash this code matches, or -1. */
export async function findRecoveryCode(input: string, hashes: readonly string[]): Promise<number> {
  const code = normaliseRecoveryCode(input);
  if (code === null) return -1;
  for (let i = 0; i < hashes.length; i++) if (await verifyPassword(hashes[i]!, code)) return i;
  return -1;
}
