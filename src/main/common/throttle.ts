import type { Policy } from '../../shared/index.js';

/**
 * Per-account sign-in throttling, persisted so that neither an app restart nor a new CLI
 * process resets it. Pure functions over a state value; the store keeps the state.
 */
export interface ThrottleState {
  /** Failure times (epoch ms) inside the current window. */
  recentFailures: number[];
  consecutiveFailures: number;
  blockedUntil: number | null;
  /** Set when the account is locked until an administrator unlocks it. */
  lockedAt: number | null;
  /** The last failure counted; the row is forgotten `THROTTLE_MEMORY_MS` after it (unless blocked or locked). */
  lastFailureAt: number | null;
}

export const OPEN_THROTTLE: ThrottleState = { recentFailures: [], consecutiveFailures: 0, blockedUntil: null, lockedAt: null, lastFailureAt: null };

/**
 * How long a throttle row outlives its last failure. Not just the window: forgetting at the end
 * of the window would also forget the consecutive count, so a guesser pacing one guess per
 * window would never reach the administrator's lock. Applied to every row alike, known account
 * or not, so that forgetting tells nothing about which addresses exist.
 */
export const THROTTLE_MEMORY_MS = 24 * 60 * 60_000;

export type ThrottleVerdict = { kind: 'open' } | { kind: 'blocked'; retryAfterMs: number } | { kind: 'locked' };

const MINUTE = 60_000;

export function throttleVerdict(state: ThrottleState, now: number): ThrottleVerdict {
  if (state.lockedAt !== null) return { kind: 'locked' };
  if (state.blockedUntil !== null && state.blockedUntil > now) return { kind: 'blocked', retryAfterMs: state.blockedUntil - now };
  return { kind: 'open' };
}

/**
 * Counts one failure. Reaching `throttleMaxFailures` inside the window blocks the account and
 * starts a fresh window; reaching `lockoutAfterFailures` in a row locks it for good.
 */
export function recordFailure(state: ThrottleState, now: number, policy: Policy): ThrottleState {
  const windowStart = now - policy.throttleWindowMinutes * MINUTE;
  const recent = [...state.recentFailures.filter((t) => t > windowStart), now];
  const consecutiveFailures = state.consecutiveFailures + 1;
  if (consecutiveFailures >= policy.lockoutAfterFailures) {
    return { recentFailures: [], consecutiveFailures, blockedUntil: null, lockedAt: now, lastFailureAt: now };
  }
  if (recent.length >= policy.throttleMaxFailures) {
    return { recentFailures: [], consecutiveFailures, blockedUntil: now + policy.throttleBlockMinutes * MINUTE, lockedAt: null, lastFailureAt: now };
  }
  return { recentFailures: recent, consecutiveFailures, blockedUntil: state.blockedUntil, lockedAt: null, lastFailureAt: now };
}
