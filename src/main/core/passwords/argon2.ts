import { hash, verify, type Algorithm } from '@node-rs/argon2';
import { availableParallelism } from 'node:os';
import type { RandomSource } from '../../common/ports.js';
import { DEFAULT_PASSWORD_HASHING, type PasswordHashing } from '../../../shared/index.js';
import { WorkQueue } from './work-queue.js';

/** Argon2id cost parameters. Changing them makes every stored hash rehash at its next sign-in. */
export interface KdfParams {
  memoryKiB: number;
  iterations: number;
  parallelism: number;
}

/** The policy's parameters (in MiB) as Argon2 takes them. */
export const kdfOf = (hashing: PasswordHashing): KdfParams => ({ memoryKiB: hashing.memoryMiB * 1024, iterations: hashing.iterations, parallelism: hashing.parallelism });

/**
 * Chosen by bench/kdf.ts (see the README): 128 MiB, 3 passes, 2 lanes verifies in 80–200 ms
 * on a 2-core machine here, well under the 0.5 s budget, with twice the 64 MiB floor's memory.
 * An administrator may choose others in the policy (`gatehouse policy calibrate`).
 */
export const DEFAULT_KDF: KdfParams = kdfOf(DEFAULT_PASSWORD_HASHING);

/**
 * Each Argon2 job holds one of libuv's threads while its lanes run on threads of its own: at
 * most one fewer than the pool has (4 unless UV_THREADPOOL_SIZE says), so that file reads and
 * DNS always find one free, however many cores and however few lanes the policy gives a hash.
 */
const ARGON2_JOBS = Math.max(1, (Number(process.env.UV_THREADPOOL_SIZE) || 4) - 1);

/**
 * One queue for every Argon2 job of the process, with a lane for each core but one: a hash takes
 * as many lanes as its parallelism (the policy's, or the stored hash's), so as many run at once as
 * leave a core to the main thread (at least one job). With every core taken by Argon2, the OS let
 * main's event loop wait 50 ms and more during 8 sign-ins at once, on two cores, though nothing
 * ran on it (bench/suites/event-loop.ts). On two cores one job at a time signs in as fast: its
 * two lanes already use both.
 */
export const ARGON2_QUEUE = new WorkQueue(Math.max(1, availableParallelism() - 1), 8 * Math.max(1, availableParallelism()), ARGON2_JOBS);

const SALT_BYTES = 16;
/** `Algorithm.Argon2id`; the library's enum is `const`, which isolated modules cannot read. */
const ARGON2ID = 2 as Algorithm;

/** NIST 800-63B: normalise Unicode so that the same password typed as NFC or NFD matches. */
export function normalisePassword(password: string): string {
  return password.normalize('NFKC');
}

export async function hashPassword(password: string, params: KdfParams, random: RandomSource): Promise<string> {
  const salt = random.bytes(SALT_BYTES);
  return ARGON2_QUEUE.run(
    () =>
      hash(normalisePassword(password), {
        algorithm: ARGON2ID,
        memoryCost: params.memoryKiB,
        timeCost: params.iterations,
        parallelism: params.parallelism,
        salt,
      }),
    params.parallelism,
  );
}

export async function verifyPassword(phc: string, password: string): Promise<boolean> {
  try {
    return await ARGON2_QUEUE.run(() => verify(phc, normalisePassword(password)), Number(PHC_PARAMS.exec(phc)?.[3] ?? 1));
  } catch {
    // A malformed stored hash must not sign anyone in, nor crash the sign-in.
    return false;
  }
}

const PHC_PARAMS = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/;

/** True when the PHC string was made with other parameters (or another algorithm). */
export function needsRehash(phc: string, params: KdfParams): boolean {
  const match = PHC_PARAMS.exec(phc);
  if (!match) return true;
  return Number(match[1]) !== params.memoryKiB || Number(match[2]) !== params.iterations || Number(match[3]) !== params.parallelism;
}
