import type { Amr, Policy } from '../../shared/index.js';
import type { UserRecord } from '../store/users.js';
import type { CoreContext } from './context.js';
import { hasAuthenticatorApp } from './factors/totp/factor.js';

/**
 * How sure Gatehouse is that the session's person is the account's owner, and what each action
 * asks of it. One place decides; the IPC access check (ipc/access.ts) applies it to every
 * channel the contract lists, and docs/flows.md ("Assurance") explains it.
 *
 * - single factor: a password, an emailed or texted code, a provider's sign-in;
 * - multi-factor: any of those and a second factor, or a passkey with user verification (it is
 *   something held and something known or are, at once).
 *
 * Tested as a level (`atLeast(level, 'multi_factor')`), never by comparing one amr value: the
 * amr list says how, the level says how much.
 */
export type AssuranceLevel = 'single_factor' | 'multi_factor';

const RANK: Record<AssuranceLevel, number> = { single_factor: 1, multi_factor: 2 };

/** How long a proof counts as fresh for a sensitive action. */
export const FRESH_FOR_MS = 5 * 60_000;

export function levelOf(amr: readonly Amr[]): AssuranceLevel {
  return amr.includes('mfa') ? 'multi_factor' : 'single_factor';
}

export function atLeast(level: AssuranceLevel, needed: AssuranceLevel): boolean {
  return RANK[level] >= RANK[needed];
}

/**
 * The second factors that make an account two-step: an authenticator app or a passkey. A
 * texted code is only ever offered beside one of them (and only when the policy allows it): a
 * verified phone alone does not make an account two-step.
 */
export function hasSecondFactor(ctx: CoreContext, userId: string): boolean {
  return hasAuthenticatorApp(ctx, userId) || ctx.store.passkeys.countForUser(userId) > 0;
}

/** Why an account must use two-step verification, or null when nothing requires it. */
export type MfaRequirement = 'everyone' | 'administrators' | 'this_account' | null;

export function mfaRequirement(policy: Policy, account: Pick<UserRecord, 'isAdmin'> & { requireMfa?: boolean }): MfaRequirement {
  if (policy.requireMfa === 'all') return 'everyone';
  if (policy.requireMfa === 'admins' && account.isAdmin) return 'administrators';
  return account.requireMfa ? 'this_account' : null;
}

/** What a session has proved, and when. */
export interface Proofs {
  amr: readonly Amr[];
  /** The last first factor: the sign-in, or the password (or provider) given again. */
  authTime: number;
  /** The last second factor, or null. */
  mfaAt: number | null;
}

/**
 * What an action needs, beyond a session:
 * - `any`: the session is enough (view, change one's own name);
 * - `recent_second_factor`: a second factor within 5 minutes when the account has one;
 * - `fresh_proof`: that, or, for an account without a second factor, a first factor within 5
 *   minutes: never just a session someone walked up to.
 */
export type Freshness = 'any' | 'recent_second_factor' | 'fresh_proof';

/** Null when the session meets what the action needs; else what it must give first. */
export function shortfall(needs: Freshness, proofs: Proofs, accountHasSecondFactor: boolean, now: number): 'step_up_required' | 'reauth_required' | null {
  if (needs === 'any') return null;
  if (accountHasSecondFactor) return proofs.mfaAt !== null && now - proofs.mfaAt <= FRESH_FOR_MS ? null : 'step_up_required';
  if (needs === 'recent_second_factor') return null;
  return now - proofs.authTime <= FRESH_FOR_MS ? null : 'reauth_required';
}
