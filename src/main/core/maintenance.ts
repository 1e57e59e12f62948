import type { AuditEntry } from '../store/audit.js';
import { audit } from './audit.js';
import type { Actor, CoreContext } from './context.js';
import { THROTTLE_MEMORY_MS } from '../common/throttle.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const lastRun = new WeakMap<CoreContext, number>();

/**
 * Keeps the store from growing without bound: throttle rows are forgotten a day after their
 * last failure, and the audit trail keeps the retention the policy sets (everything by default).
 * Runs when a writable store opens and at most hourly after that, from the sign-in path.
 */
export function maintain(ctx: CoreContext): void {
  const now = ctx.clock.now();
  const last = lastRun.get(ctx);
  if (last !== undefined && now - last < HOUR) return;
  lastRun.set(ctx, now);
  ctx.store.transaction(() => {
    ctx.store.throttle.forgetBefore(now - THROTTLE_MEMORY_MS, now);
    // Codes past their expiry, and sends no limit looks at any more (the longest looks back an hour).
    ctx.store.oneTimeCodes.removeExpired(now);
    ctx.store.deliveries.removeBefore(now - HOUR);
    const days = ctx.policy().auditRetentionDays;
    if (days !== null) pruneAudit(ctx, now - days * DAY, { kind: 'anonymous' }, 'retention');
  });
}

/**
 * Removes the audit entries older than `before`, giving each to `keep` first (an export, which
 * must be safe on disk before `flush` returns: nothing is deleted otherwise). The pruning itself
 * is recorded in the trail, so a gap is never silent.
 */
export function pruneAudit(ctx: CoreContext, before: number, actor: Actor, reason: 'retention' | 'request', keep?: (entry: AuditEntry) => void, flush?: () => void): number {
  return ctx.store.transaction(() => {
    const removed = ctx.store.audit.pruneBefore(before, keep);
    flush?.();
    if (removed > 0 || reason === 'request') {
      audit(ctx, actor, { action: 'audit.prune', outcome: 'success', detail: `${removed} entries before ${new Date(before).toISOString()} (${reason})` });
    }
    return removed;
  });
}
