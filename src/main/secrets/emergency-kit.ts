import { hashRaw, type Algorithm } from '@node-rs/argon2';
import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import { open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { GatehouseError } from '../common/errors.js';
import type { RandomSource } from '../common/ports.js';
import { CROCKFORD, encodeBase32 } from '../common/base32.js';

/**
 * The emergency kit: a recovery key, kept by the person on paper or in a password manager,
 * that wraps the store key. The wrapped key sits beside the store (`emergency-kit.json`, not a
 * secret without the recovery key), so that a lost OS keychain entry — a reinstall, a new
 * profile, a keyring that changed — is not the end of every account in the store.
 *
 * The recovery key is 160 random bits in Crockford base32 (no I, L, O or U: nothing to misread
 * aloud) with 20 bits of checksum, in nine groups of four: `7K2M-…`. The key-encryption key is
 * Argon2id of those bytes; the store key is sealed with AES-256-GCM under it, the store id as
 * associated data, so a kit opens only the store it was made for.
 */
export const KIT_FILE = 'emergency-kit.json';

const KEY_BYTES = 20;
const GROUPS = 9;
/** Argon2id over 160 random bits: the cost only slows a stolen kit file, the entropy protects it. */
const KIT_KDF = { memoryKiB: 65536, iterations: 3, parallelism: 1 };
const ARGON2ID = 2 as Algorithm;

/** base64url of exactly `bytes` bytes: a kit from elsewhere (a backup someone handed over) is checked, not trusted. */
const b64 = (bytes: number) => z.string().refine((text) => /^[A-Za-z0-9_-]+$/.test(text) && Buffer.from(text, 'base64url').length === bytes, `must be ${bytes} bytes`);
export const KitFile = z.object({
  format: z.literal(1),
  storeId: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
  createdAt: z.string().max(64),
  // Bounded: a kit's parameters must not make Argon2 eat the machine.
  kdf: z.object({
    algorithm: z.literal('argon2id'),
    memoryKiB: z.number().int().min(8192).max(1_048_576),
    iterations: z.number().int().min(1).max(10),
    parallelism: z.number().int().min(1).max(8),
    salt: b64(16),
  }),
  cipher: z.literal('aes-256-gcm'),
  nonce: b64(12),
  wrappedKey: b64(32),
  tag: b64(16),
});
export type KitFile = z.infer<typeof KitFile>;

/** 4 characters (20 bits) of SHA-256 over the key's bytes: a typo is caught before any work. */
const checksum = (bytes: Buffer): string => encodeBase32(createHash('sha256').update('gatehouse recovery key\0').update(bytes).digest(), CROCKFORD).slice(0, 4);

/** A new recovery key: its bytes, and its text in nine groups of four. */
export function newRecoveryKey(random: RandomSource): { bytes: Buffer; text: string } {
  const bytes = random.bytes(KEY_BYTES);
  const chars = encodeBase32(bytes, CROCKFORD) + checksum(bytes);
  return { bytes, text: chars.match(/.{4}/g)!.slice(0, GROUPS).join('-') };
}

/**
 * The bytes of a recovery key as typed: any case, spaces or hyphens anywhere, and the letters
 * people confuse read as the digits they look like (O as 0, I and L as 1). Null when it is not
 * one (too short, a character outside the alphabet, or a checksum that does not match).
 */
export function parseRecoveryKey(typed: string): Buffer | null {
  const chars = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (chars.length !== GROUPS * 4 || /[^0-9A-HJKMNP-TV-Z]/.test(chars)) return null;
  let bits = 0;
  let value = 0;
  const bytes: number[] = [];
  for (const char of chars.slice(0, 32)) {
    value = ((value << 5) | CROCKFORD.indexOf(char)) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  const key = Buffer.from(bytes);
  return checksum(key) === chars.slice(32) ? key : null;
}

async function keyEncryptionKey(recoveryKey: Buffer, salt: Buffer, params: { memoryKiB: number; iterations: number; parallelism: number }): Promise<Buffer> {
  return hashRaw(recoveryKey, { algorithm: ARGON2ID, memoryCost: params.memoryKiB, timeCost: params.iterations, parallelism: params.parallelism, salt, outputLen: 32 });
}

/** Writes a new kit for the store key, replacing any earlier one (which then no longer opens it); returns the recovery key's text. */
export async function writeKit(dataDir: string, storeId: string, storeKey: Buffer, random: RandomSource, now: Date): Promise<string> {
  const recovery = newRecoveryKey(random);
  const salt = random.bytes(16);
  const nonce = random.bytes(12);
  const kek = await keyEncryptionKey(recovery.bytes, salt, KIT_KDF);
  const cipher = createCipheriv('aes-256-gcm', kek, nonce);
  cipher.setAAD(Buffer.from(`gatehouse store key\0${storeId}`));
  const wrapped = Buffer.concat([cipher.update(storeKey), cipher.final()]);
  const kit: KitFile = {
    format: 1,
    storeId,
    createdAt: now.toISOString(),
    kdf: { algorithm: 'argon2id', ...KIT_KDF, salt: salt.toString('base64url') },
    cipher: 'aes-256-gcm',
    nonce: nonce.toString('base64url'),
    wrappedKey: wrapped.toString('base64url'),
    tag: cipher.getAuthTag().toString('base64url'),
  };
  const path = join(dataDir, KIT_FILE);
  const temporary = `${path}.${process.pid}.tmp`;
  const handle = await open(temporary, 'w', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(kit, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, path);
  return recovery.text;
}

/** The kit beside the store, or null when there is none. A file that is not one is said so. */
export async function readKit(dataDir: string): Promise<KitFile | null> {
  const path = join(dataDir, KIT_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  let parsed: ReturnType<typeof KitFile.safeParse>;
  try {
    parsed = KitFile.safeParse(JSON.parse(text));
  } catch {
    parsed = KitFile.safeParse(null);
  }
  if (!parsed.success) throw new GatehouseError('store_incompatible', `${path} is not a Gatehouse emergency kit. Nothing was changed.`);
  return parsed.data;
}

/**
 * The store key the recovery key unwraps, for the store this kit was made for. A typo, a key of
 * another kit or another store: `store_locked`, and nothing is touched. Each refusal takes a
 * second on top of Argon2's cost, so guessing is slow even where the caller does not count.
 */
export async function unwrapStoreKey(kit: KitFile, storeId: string, typed: string): Promise<Buffer> {
  const refuse = async (why: string): Promise<never> => {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    throw new GatehouseError('store_locked', `${why} Nothing was changed.`);
  };
  const recovery = parseRecoveryKey(typed);
  if (!recovery) return refuse('That is not a recovery key: check each group of four characters (a typo is caught by its last group).');
  if (kit.storeId !== storeId) return refuse('This emergency kit was made for another store.');
  const kek = await keyEncryptionKey(recovery, Buffer.from(kit.kdf.salt, 'base64url'), kit.kdf);
  try {
    const decipher = createDecipheriv('aes-256-gcm', kek, Buffer.from(kit.nonce, 'base64url'), { authTagLength: 16 });
    decipher.setAAD(Buffer.from(`gatehouse store key\0${storeId}`));
    decipher.setAuthTag(Buffer.from(kit.tag, 'base64url'));
    const key = Buffer.concat([decipher.update(Buffer.from(kit.wrappedKey, 'base64url')), decipher.final()]);
    if (key.length !== 32) return refuse('This emergency kit does not hold a store key.');
    return key;
  } catch {
    return refuse('That recovery key does not open this store: it belongs to another kit, or a newer kit replaced it.');
  }
}
