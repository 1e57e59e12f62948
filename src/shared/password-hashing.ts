/**
 * Argon2id's parameters for passwords, as the policy names them (MiB, passes, lanes): the floor
 * and Gatehouse's default. Here, without zod, so that the renderer can show them without the
 * schemas (policy.ts holds the schema).
 */
export interface PasswordHashingParameters {
  memoryMiB: number;
  iterations: number;
  parallelism: number;
}

/** OWASP's minimum configuration for Argon2id: 19 MiB with 2 passes. */
export const MIN_HASH_MEMORY_MIB = 19;
export const MIN_HASH_ITERATIONS = 2;

/** What Gatehouse uses when the policy names none: about 0.2 s on two cores here (bench/kdf.ts). */
export const DEFAULT_PASSWORD_HASHING: PasswordHashingParameters = { memoryMiB: 128, iterations: 3, parallelism: 2 };
