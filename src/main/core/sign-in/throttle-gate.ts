import type { CoreContext } from '../context.js';
import { recordFailure, throttleVerdict, type ThrottleVerdict } from '../throttle.js';

/**
 * Admits one password attempt for `email`, or says why not. An admitted attempt is counted as
 * a failure before the (slow) hash is checked, and `passed` wipes the count once it proves
 * right: so attempts racing in parallel cannot slip past the limit while they hash.
 */
export function admitAttempt(ctx: CoreContext, email: string): ThrottleVerdict {
  return ctx.store.transaction(() => {
    const state = ctx.store.throttle.get(email);
    const now = ctx.clock.now();
    const verdict = throttleVerdict(state, now);
    if (verdict.kind === 'open') ctx.store.throttle.put(email, recordFailure(state, now, ctx.policy()));
    return verdict;
  });
}

export function passed(ctx: CoreContext, email: string): void {
  ctx.store.throttle.clear(email);
}
