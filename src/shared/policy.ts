import { z } from 'zod';
import { MIN_HASH_ITERATIONS, MIN_HASH_MEMORY_MIB } from './password-hashing.js';

/**
 * The sign-in and password policy. Defaults follow NIST SP 800-63B rev 4: length over
 * composition, a blocklist, no periodic rotation unless an administrator opts in.
 */
export const RequireMfa = z.enum(['none', 'admins', 'all']);
export type RequireMfa = z.infer<typeof RequireMfa>;

/** NIST 800-63B: never below 8, even with a second factor. */
export const ABSOLUTE_MIN_PASSWORD_LENGTH = 8;
/** NIST 800-63B: verifiers should permit at least 64 characters. */
export const LEAST_MAX_PASSWORD_LENGTH = 64;
/** Above this we refuse outright: hashing megabytes is a denial of service, not a password. */
export const HARD_MAX_PASSWORD_LENGTH = 1024;

/**
 * Argon2id's parameters for passwords (password-hashing.ts). Never below OWASP's minimum
 * configuration (19 MiB with 2 passes); bounded above so that a typo cannot make every sign-in
 * take minutes or the machine's memory.
 */
export const PasswordHashing = z
  .object({
    // Bounded above for a desktop: every unknown address at the sign-in form costs one hash too.
    memoryMiB: z.number().int().min(MIN_HASH_MEMORY_MIB, "OWASP's minimum for Argon2id is 19 MiB").max(1024),
    iterations: z.number().int().min(MIN_HASH_ITERATIONS, "OWASP's minimum for Argon2id is 2 passes (with 19 MiB)").max(10),
    parallelism: z.number().int().min(1).max(8),
  })
  .strict();
export type PasswordHashing = z.infer<typeof PasswordHashing>;

export const Policy = z
  .object({
    /** Minimum length when a password can be the only factor. */
    passwordMinLength: z.number().int().min(ABSOLUTE_MIN_PASSWORD_LENGTH).max(256).default(15),
    /** Minimum length for accounts that must use a second factor. */
    passwordMinLengthWithMfa: z.number().int().min(ABSOLUTE_MIN_PASSWORD_LENGTH).max(256).default(8),
    passwordMaxLength: z.number().int().min(LEAST_MAX_PASSWORD_LENGTH).max(HARD_MAX_PASSWORD_LENGTH).default(256),
    /** Argon2id's parameters for new password hashes (and old ones, at their next sign-in); null: Gatehouse's default. */
    passwordHashing: PasswordHashing.nullable().default(null),
    /** Opt-in composition rule: at least three of lower case, upper case, digit, other. */
    passwordComposition: z.boolean().default(false),
    /** How many previous passwords may not be reused; 0 turns the check off. */
    passwordHistory: z.number().int().min(0).max(24).default(0),
    /** Days after which a password must be changed; null turns expiry off. */
    passwordMaxAgeDays: z.number().int().min(1).max(3650).nullable().default(null),
    requireMfa: RequireMfa.default('none'),
    /** Failures within `throttleWindowMinutes` that block the account for `throttleBlockMinutes`. */
    throttleMaxFailures: z.number().int().min(1).max(100).default(5),
    throttleWindowMinutes: z.number().int().min(1).max(1440).default(15),
    throttleBlockMinutes: z.number().int().min(1).max(1440).default(5),
    /** Consecutive failures after which only an administrator can unlock (NIST 800-63B: at most 100). */
    lockoutAfterFailures: z.number().int().min(1).max(100).default(100),
    /** Minutes of inactivity after which the desktop session locks. */
    idleLockMinutes: z.number().int().min(1).max(1440).default(10),
    /**
     * Days the audit trail keeps its entries; null keeps everything (the default). At least 90:
     * a retention is not a way to empty the trail without `audit prune`'s export.
     */
    auditRetentionDays: z.number().int().min(90).max(36500).nullable().default(null),
    /** An emailed code from an address with no account makes one, without a password (as in the reference design). */
    otpAutoRegister: z.boolean().default(true),
    /** Minutes an emailed or texted code stays valid: 5 by default, never more than 10. */
    otpLifetimeMinutes: z.number().int().min(1).max(10).default(5),
    /** Texts sent in any hour, to everyone together: a stop on toll fraud. 0 sends none. */
    smsHourlyCap: z.number().int().min(0).max(10_000).default(20),
    /** A verified phone as a second factor. Off: NIST 800-63B restricts SMS (SIM swap, interception). */
    smsSecondFactor: z.boolean().default(false),
  })
  .strict()
  .refine((p) => p.passwordMinLength <= p.passwordMaxLength && p.passwordMinLengthWithMfa <= p.passwordMaxLength, {
    message: 'the minimum password length cannot exceed the maximum',
    path: ['passwordMinLength'],
  });
export type Policy = z.infer<typeof Policy>;

export const DEFAULT_POLICY: Policy = Policy.parse({});

export * from './password-problems.js';
export * from './password-hashing.js';
