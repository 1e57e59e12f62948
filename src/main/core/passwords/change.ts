import type { AuditAction, PasswordChangeOutcome } from '../../../shared/index.js';
import { assertPasswordAcceptable } from '../accounts/accounts.js';
import { audit } from '../audit.js';
import type { Actor, CoreContext } from '../context.js';
import { GatehouseError } from '../../common/errors.js';
import { admitAttempt, passed, refund } from '../throttle-gate.js';
import type { UserRecord } from '../../store/users.js';
import { hashPassword, verifyPassword } from './argon2.js';

async function assertNotReused(ctx: CoreContext, user: UserRecord, password: string): Promise<void> {
  // A "new" password that is the current one changes nothing: refused whatever the history setting.
  if (user.passwordHash !== null && (await verifyPassword(user.passwordHash, password))) {
    throw new GatehouseError('password_rejected', 'The password was refused: choose a password different from your current one.', [{ rule: 'same_as_current' }]);
  }
  const history = ctx.policy().passwordHistory;
  if (history === 0) return;
  // The current password (checked above) counts as the most recent of the last N.
  const previous = ctx.store.users.passwordHistory(user.id, history - 1);
  for (const hash of previous) {
    if (await verifyPassword(hash, password)) {
      throw new GatehouseError('password_rejected', `The password was refused: do not reuse any of your last ${history} passwords.`, [{ rule: 'reused', history }]);
    }
  }
}

/** Stores a new password, keeping the old hash for the history check. */
export async function replacePassword(ctx: CoreContext, user: UserRecord, password: string, actor: Actor, action: AuditAction): Promise<void> {
  assertPasswordAcceptable(ctx, password, user);
  await assertNotReused(ctx, user, password);
  const hash = await hashPassword(password, ctx.kdf, ctx.random);
  const keep = Math.max(ctx.policy().passwordHistory - 1, 0);
  ctx.store.transaction(() => {
    const now = ctx.clock.now();
    if (user.passwordHash !== null) ctx.store.users.retirePassword(user.id, user.passwordHash, now, keep);
    ctx.store.users.setPasswordHash(user.id, hash, now);
    audit(ctx, actor, { action, accountId: user.id, email: user.email, outcome: 'success' });
  });
}

/**
 * An account without a password gets one: a new way in, so the caller's access asks for a fresh
 * sign-in or second factor first. An account that has one changes it instead, giving the old.
 */
export async function setFirstPassword(ctx: CoreContext, userId: string, password: string, actor: Actor): Promise<void> {
  const user = ctx.store.users.findById(userId);
  if (!user) throw new GatehouseError('not_found', 'This account no longer exists.');
  if (user.passwordHash !== null) throw new GatehouseError('conflict', 'This account has a password already: change it with your current password.');
  await replacePassword(ctx, user, password, actor, 'password.set');
}

/**
 * A user changes their own password: the current one is required and throttled like a
 * sign-in, so a borrowed unlocked session cannot guess it. The new one is checked first, so a
 * policy refusal costs no attempt.
 */
export async function changePassword(ctx: CoreContext, userId: string, currentPassword: string, newPassword: string, actor: Actor): Promise<PasswordChangeOutcome> {
  const user = ctx.store.users.findById(userId);
  if (!user) throw new GatehouseError('not_found', 'This account no longer exists.');
  assertPasswordAcceptable(ctx, newPassword, user);
  const { verdict } = admitAttempt(ctx, user.email);
  if (verdict.kind !== 'open') {
    audit(ctx, actor, { action: 'password.change', accountId: user.id, email: user.email, outcome: 'locked' });
    return verdict.kind === 'blocked' ? { kind: 'locked', retryAfterMs: verdict.retryAfterMs } : { kind: 'locked' };
  }
  if (user.passwordHash === null || !(await verifyPassword(user.passwordHash, currentPassword))) {
    audit(ctx, actor, { action: 'password.change', accountId: user.id, email: user.email, outcome: 'failed', detail: 'wrong current password' });
    return { kind: 'failed' };
  }
  passed(ctx, user.email);
  await replacePassword(ctx, user, newPassword, actor, 'password.change');
  return { kind: 'success' };
}

/**
 * "Confirm it's you": the password again, for a sensitive action on an account that has no
 * second factor. Throttled like a sign-in; a right password is refunded, not a reset.
 */
export async function confirmPassword(
  ctx: CoreContext,
  userId: string,
  password: string,
  actor: Actor,
): Promise<{ kind: 'verified' } | { kind: 'failed' } | { kind: 'locked'; retryAfterMs?: number }> {
  const user = ctx.store.users.findById(userId);
  if (!user) throw new GatehouseError('not_found', 'This account no longer exists.');
  const admission = admitAttempt(ctx, user.email);
  if (admission.verdict.kind !== 'open') {
    audit(ctx, actor, { action: 'reauthenticate', method: 'password', accountId: user.id, email: user.email, outcome: 'locked' });
    return admission.verdict.kind === 'blocked' ? { kind: 'locked', retryAfterMs: admission.verdict.retryAfterMs } : { kind: 'locked' };
  }
  const ok = user.passwordHash !== null && (await verifyPassword(user.passwordHash, password));
  audit(ctx, actor, { action: 'reauthenticate', method: 'password', accountId: user.id, email: user.email, outcome: ok ? 'success' : 'failed' });
  if (!ok) return { kind: 'failed' };
  refund(ctx, user.email, admission);
  return { kind: 'verified' };
}
