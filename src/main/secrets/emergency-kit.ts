import { hashRaw, type Algorithm } from '@node-rs/argon2';
import { createCipheriv, createDecipheriv, createHash, createHmac, createPrivateKey, createPublicKey, diffieHellman, hkdfSync, timingSafeEqual, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { GatehouseError } from '../common/errors.js';
import { writeFileAtomically } from '../common/durable-file.js';
import type { RandomSource } from '../common/ports.js';
import { CROCKFORD, encodeBase32 } from '../common/base32.js';

/**
 * The emergency kit: a recovery key, kept by the person on paper or in a password manager,
 * that opens the store key. What it opens sits beside the store (`emergency-kit.json`, not a
 * secret without the recovery key), so that a lost OS keychain entry — a reinstall, a new
 * profile, a keyring that changed — is not the end of every account in the store.
 *
 * The recovery key is 160 random bits in Crockford base32 (no I, L, O or U: nothing to misread
 * aloud) with 20 bits of checksum, in nine groups of four: `7K2M-…`. Argon2id of those bytes
 * gives an X25519 key pair; the kit keeps only the public half. The store key is sealed to it
 * (an ephemeral X25519 agreement, HKDF-SHA256, AES-256-GCM with the store id as associated
 * data), so a kit opens only the store it was made for — and a new store key (a rotation) can
 * be sealed to the same kit without the recovery key, which only its owner has.
 *
 * Anyone can seal to a public key, so each sealing also carries an HMAC under a second key
 * derived from the recovery key. That key is kept inside the encrypted store (`kit_keys`), where
 * a rotation finds it; a kit file someone forged (in a backup handed over, say) has no sealing
 * the recovery key accepts.
 */
export const KIT_FILE = 'emergency-kit.json';
/** A new kit while its recovery key is being kept: it replaces the kit in force only then (custody.ts). */
export const PENDING_KIT_FILE = 'emergency-kit.pending.json';

const KEY_BYTES = 20;
const GROUPS = 9;
/** Argon2id over 160 random bits: the cost only slows a stolen kit file, the entropy protects it. */
const KIT_KDF = { memoryKiB: 65536, iterations: 3, parallelism: 1 };
const ARGON2ID = 2 as Algorithm;

/** base64url of exactly `bytes` bytes: a kit from elsewhere (a backup someone handed over) is checked, not trusted. */
const b64 = (bytes: number) => z.string().refine((text) => /^[A-Za-z0-9_-]+$/.test(text) && Buffer.from(text, 'base64url').length === bytes, `must be ${bytes} bytes`);
/** One store key sealed to the kit, with the store's check value for that key (store/open.ts), which says which key it is. */
const SealedKey = z.object({ keyCheck: z.string().regex(/^[A-Za-z0-9_-]{22}$/), ephemeralKey: b64(32), nonce: b64(12), sealedKey: b64(32), tag: b64(16), mac: b64(32) });
export const KitFile = z.object({
  format: z.literal(2),
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
  publicKey: b64(32),
  // Two only while a rotation is under way: the old key and the new one.
  keys: z.array(SealedKey).min(1).max(2),
});
export type KitFile = z.infer<typeof KitFile>;
type SealedKey = z.infer<typeof SealedKey>;

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

// X25519 keys travel as their 32 raw bytes; Node wants them in DER, behind these fixed prefixes (RFC 8410).
const PKCS8_X25519 = Buffer.from('302e020100300506032b656e04220420', 'hex');
const SPKI_X25519 = Buffer.from('302a300506032b656e032100', 'hex');
const privateKeyFrom = (raw: Buffer): KeyObject => createPrivateKey({ key: Buffer.concat([PKCS8_X25519, raw]), format: 'der', type: 'pkcs8' });
const publicKeyFrom = (raw: Buffer): KeyObject => createPublicKey({ key: Buffer.concat([SPKI_X25519, raw]), format: 'der', type: 'spki' });
const rawPublicKey = (key: KeyObject): Buffer => createPublicKey(key).export({ format: 'der', type: 'spki' }).subarray(SPKI_X25519.length);

/** What the recovery key gives: the kit's private key (an X25519 scalar) and the key that authenticates its sealings. */
async function kitKeys(
  recoveryKey: Buffer,
  salt: Buffer,
  params: { memoryKiB: number; iterations: number; parallelism: number },
): Promise<{ privateKey: KeyObject; macKey: Buffer }> {
  const stretched = await hashRaw(recoveryKey, {
    algorithm: ARGON2ID,
    memoryCost: params.memoryKiB,
    timeCost: params.iterations,
    parallelism: params.parallelism,
    salt,
    outputLen: 32,
  });
  return {
    privateKey: privateKeyFrom(Buffer.from(hkdfSync('sha256', stretched, salt, 'gatehouse emergency kit x25519', 32))),
    macKey: Buffer.from(hkdfSync('sha256', stretched, salt, 'gatehouse emergency kit sealing mac', 32)),
  };
}

/** The HMAC that says a sealing was made by someone who held the recovery key's MAC key, over everything in it. */
function sealingMac(macKey: Buffer, storeId: string, sealed: Omit<SealedKey, 'mac'>): Buffer {
  return createHmac('sha256', macKey)
    .update(`gatehouse sealed store key\0${storeId}\0${sealed.keyCheck}\0`)
    .update(Buffer.concat([sealed.ephemeralKey, sealed.nonce, sealed.sealedKey, sealed.tag].map((field) => Buffer.from(field, 'base64url'))))
    .digest();
}

/** Both the store and the key's check value are bound to the ciphertext. */
const sealingAad = (storeId: string, keyCheck: string): Buffer => Buffer.from(`gatehouse store key\0${storeId}\0${keyCheck}`);

/** The AES key both sides of one sealing agree on: HKDF over the X25519 secret, bound to both public keys and the store. */
function sealingKey(privateKey: KeyObject, peer: Buffer, ephemeral: Buffer, kitPublic: Buffer, storeId: string): Buffer {
  const shared = diffieHellman({ privateKey, publicKey: publicKeyFrom(peer) });
  return Buffer.from(hkdfSync('sha256', shared, Buffer.concat([ephemeral, kitPublic]), `gatehouse store key\0${storeId}`, 32));
}

/** Seals a store key to the kit's public key, authenticated with the kit's MAC key: only the recovery key opens it. */
function seal(kitPublic: Buffer, macKey: Buffer, storeId: string, key: Buffer, keyCheck: string, random: RandomSource): SealedKey {
  const ephemeralPrivate = privateKeyFrom(random.bytes(32));
  const ephemeral = rawPublicKey(ephemeralPrivate);
  const nonce = random.bytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(ephemeralPrivate, kitPublic, ephemeral, kitPublic, storeId), nonce);
  cipher.setAAD(sealingAad(storeId, keyCheck));
  const sealedKey = Buffer.concat([cipher.update(key), cipher.final()]);
  const sealed = {
    keyCheck,
    ephemeralKey: ephemeral.toString('base64url'),
    nonce: nonce.toString('base64url'),
    sealedKey: sealedKey.toString('base64url'),
    tag: cipher.getAuthTag().toString('base64url'),
  };
  return { ...sealed, mac: sealingMac(macKey, storeId, sealed).toString('base64url') };
}

/** Writes the kit file whole under a temporary name, flushed, then renamed into place. */
const saveKit = (dataDir: string, kit: KitFile, name = KIT_FILE): Promise<void> => writeFileAtomically(join(dataDir, name), `${JSON.stringify(kit, null, 2)}\n`);

/**
 * Writes a new kit for the store key (as the kit in force, replacing any earlier one, or as the
 * pending one). Returns the recovery key's text, and the kit's public key and MAC key, which the
 * caller keeps in the store so that a rotation can seal a new key to this kit.
 */
export async function writeKit(
  dataDir: string,
  storeId: string,
  storeKey: Buffer,
  keyCheck: string,
  random: RandomSource,
  now: Date,
  name = KIT_FILE,
): Promise<{ recoveryKey: string; publicKey: string; macKey: Buffer }> {
  const recovery = newRecoveryKey(random);
  const salt = random.bytes(16);
  const { privateKey, macKey } = await kitKeys(recovery.bytes, salt, KIT_KDF);
  const publicKey = rawPublicKey(privateKey);
  await saveKit(
    dataDir,
    {
      format: 2,
      storeId,
      createdAt: now.toISOString(),
      kdf: { algorithm: 'argon2id', ...KIT_KDF, salt: salt.toString('base64url') },
      publicKey: publicKey.toString('base64url'),
      keys: [seal(publicKey, macKey, storeId, storeKey, keyCheck, random)],
    },
    name,
  );
  return { recoveryKey: recovery.text, publicKey: publicKey.toString('base64url'), macKey };
}

/**
 * The kit with one more key sealed to it (a rotation's new key), beside the sealing of the key
 * with `keepCheck` (the store's key now), saved; the same recovery key opens both. `macKey` is
 * the kit's, from the store.
 */
export async function addKeyToKit(dataDir: string, kit: KitFile, macKey: Buffer, key: Buffer, keyCheck: string, keepCheck: string, random: RandomSource): Promise<KitFile> {
  const kept = kit.keys.filter((sealed) => sealed.keyCheck === keepCheck && sealed.keyCheck !== keyCheck);
  const next: KitFile = { ...kit, keys: [...kept, seal(Buffer.from(kit.publicKey, 'base64url'), macKey, kit.storeId, key, keyCheck, random)] };
  await saveKit(dataDir, next);
  return next;
}

/** The kit keeping only the key with this check value (the store's key once a rotation is settled); unchanged when it holds no other. */
export async function keepOnlyKeyInKit(dataDir: string, kit: KitFile, keyCheck: string): Promise<void> {
  const kept = kit.keys.filter((sealed) => sealed.keyCheck === keyCheck);
  if (kept.length === 0 || kept.length === kit.keys.length) return;
  await saveKit(dataDir, { ...kit, keys: kept });
}

/** The kit beside the store, or null when there is none. A file that is not one is said so. */
export async function readKit(dataDir: string, name = KIT_FILE): Promise<KitFile | null> {
  const path = join(dataDir, name);
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
  if (!parsed.success) throw new GatehouseError('store_incompatible', `${path} is not an emergency kit this Gatehouse can read. Make a new one. Nothing was changed.`);
  return parsed.data;
}

/**
 * The store keys the recovery key opens in this kit (one, or two during a rotation), for the
 * store it was made for; the caller proves which one is the store's. A typo, a key of another
 * kit or another store: `store_locked`, and nothing is touched. Each refusal takes a second on
 * top of Argon2's cost, so guessing is slow even where the caller does not count.
 */
export async function unwrapStoreKeys(kit: KitFile, storeId: string, typed: string): Promise<Buffer[]> {
  const refuse = async (why: string): Promise<never> => {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    throw new GatehouseError('store_locked', `${why} Nothing was changed.`);
  };
  const recovery = parseRecoveryKey(typed);
  if (!recovery) return refuse('That is not a recovery key: check each group of four characters (a typo is caught by its last group).');
  if (kit.storeId !== storeId) return refuse('This emergency kit was made for another store.');
  const salt = Buffer.from(kit.kdf.salt, 'base64url');
  const { privateKey, macKey } = await kitKeys(recovery, salt, kit.kdf);
  const kitPublic = Buffer.from(kit.publicKey, 'base64url');
  if (!rawPublicKey(privateKey).equals(kitPublic)) {
    return refuse('That recovery key does not open this store: it belongs to another kit, or a newer kit replaced it.');
  }
  const keys: Buffer[] = [];
  for (const sealed of kit.keys) {
    const ephemeral = Buffer.from(sealed.ephemeralKey, 'base64url');
    // Sealed by someone without the recovery key (a forged kit): never opened, never used.
    if (!timingSafeEqual(sealingMac(macKey, storeId, sealed), Buffer.from(sealed.mac, 'base64url'))) continue;
    try {
      const decipher = createDecipheriv('aes-256-gcm', sealingKey(privateKey, ephemeral, ephemeral, kitPublic, storeId), Buffer.from(sealed.nonce, 'base64url'), {
        authTagLength: 16,
      });
      decipher.setAAD(sealingAad(storeId, sealed.keyCheck));
      decipher.setAuthTag(Buffer.from(sealed.tag, 'base64url'));
      keys.push(Buffer.concat([decipher.update(Buffer.from(sealed.sealedKey, 'base64url')), decipher.final()]));
    } catch {
      // A sealing that does not open (a damaged or changed kit file) is skipped; none at all is refused below.
    }
  }
  if (keys.length === 0) return refuse('This emergency kit is damaged: the recovery key is right, but the key it holds does not open.');
  return keys;
}
