import { MIN_HASH_ITERATIONS, MIN_HASH_MEMORY_MIB, type PasswordHashing } from '../../../shared/index.js';
import type { RandomSource } from '../../common/ports.js';
import { hashPassword, kdfOf } from './argon2.js';

/** The memory sizes tried, in MiB: from OWASP's minimum up, each about twice the last; 1 GiB at most, for a desktop. */
const MEMORY_STEPS = [MIN_HASH_MEMORY_MIB, 32, 64, 128, 256, 512, 1024];
const MAX_ITERATIONS = 10; // the policy's most

export interface Calibration {
  /** The strongest parameters found that hash within the target, or null when even OWASP's minimum takes longer. */
  proposal: (PasswordHashing & { ms: number }) | null;
  /** What was measured: each memory size at the minimum number of passes. */
  measured: (PasswordHashing & { ms: number })[];
}

/**
 * Finds the strongest Argon2id parameters that hash a password within `targetMs` on this
 * machine, as KeePassXC does for its databases, in the order RFC 9106 (§4) gives: as much
 * memory as fits with OWASP's minimum of 2 passes, then as many passes as the rest of the
 * target allows. (Memory before passes: at a given time, memory × passes is about the same
 * whatever the split, and memory is what an attacker's GPUs and ASICs lack.) Each memory size
 * from 19 MiB up is timed at 2 passes, until one misses the target. `time` measures one hash
 * (the real one by default).
 */
export async function calibrate(
  targetMs: number,
  lanes: number,
  random: RandomSource,
  time: (hashing: PasswordHashing) => Promise<number> = (hashing) => timeOneHash(hashing, random),
): Promise<Calibration> {
  const measured: Calibration['measured'] = [];
  let proposal: Calibration['proposal'] = null;
  for (const memoryMiB of MEMORY_STEPS) {
    const base = { memoryMiB, iterations: MIN_HASH_ITERATIONS, parallelism: lanes };
    const ms = await time(base);
    measured.push({ ...base, ms });
    if (ms > targetMs) break;
    const perPass = ms / MIN_HASH_ITERATIONS;
    const iterations = Math.min(MAX_ITERATIONS, Math.max(MIN_HASH_ITERATIONS, Math.floor(targetMs / perPass)));
    proposal = { memoryMiB, iterations, parallelism: lanes, ms: perPass * iterations };
  }
  return { proposal, measured };
}

/** The best of three hashes' times: the machine's speed, not its noise. */
async function timeOneHash(hashing: PasswordHashing, random: RandomSource): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    await hashPassword('a password for the calibration', kdfOf(hashing), random);
    best = Math.min(best, performance.now() - start);
  }
  return best;
}
