import type { CoreContext } from './context.js';
import { maintain } from './maintenance.js';
import { recordFailure, throttleVerdict, type ThrottleState, type ThrottleVerdict } from '../common/throttle.js';

export interface Admission {
  verdict: ThrottleVerdict;
  /** The state before and after this attempt was counted, so that a right guess can be refunded. */
  before: ThrottleState;
  after: ThrottleState;
}

/**
 * Admits one guess (a password or a code) for `email`, or says why not. An admitted guess is
 * counted as a failure before the (slow) check, so that guesses racing in parallel cannot slip
 * past the limit while they hash; a right guess is then refunded, or the whole count cleared.
 */
export function admitAttempt(ctx: CoreContext, email: string): Admission {
  try {
    maintain(ctx);
  } catch {
    // Upkeep can wait an hour (another process may hold the store); a sign-in cannot.
  }
  return ctx.store.transaction(() => {
    const before = ctx.store.throttle.get(email);
    const now = ctx.clock.now();
    const verdict = throttleVerdict(before, now);
    if (verdict.kind !== 'open') return { verdict, before, after: before };
    const after = recordFailure(before, now, ctx.policy());
    ctx.store.throttle.put(email, after);
    return { verdict, before, after };
  });
}

/**
 * Un-counts a guess that proved right but did not finish a sign-in (a password before its
 * second factor): the count of wrong guesses goes on. If another guess was counted meanwhile,
 * the count stays as it is — the safe side.
 */
export function refund(ctx: CoreContext, email: string, admission: Admission): void {
  ctx.store.transaction(() => {
    if (JSON.stringify(ctx.store.throttle.get(email)) === JSON.stringify(admission.after)) ctx.store.throttle.put(email, admission.before);
  });
}

/** A complete, successful sign-in: the count starts again from nothing. */
export function passed(ctx: CoreContext, email: string): void {
  ctx.store.throttle.clear(email);
}

/** The one "locked" answer: how long to wait when the block ends by itself, nothing when only an administrator can lift it. */
export function lockedOutcome(verdict: Exclude<ThrottleVerdict, { kind: 'open' }>): { kind: 'locked'; retryAfterMs?: number } {
  return verdict.kind === 'blocked' ? { kind: 'locked', retryAfterMs: verdict.retryAfterMs } : { kind: 'locked' };
}
