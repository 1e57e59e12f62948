import type { SignInOutcome } from '../../../shared/index.js';
import { GatehouseError } from '../errors.js';
import { replacePassword } from '../passwords/change.js';
import { audit } from '../audit.js';
import type { Actor, CoreContext } from '../context.js';
import { attemptKey } from '../email.js';
import { ARGON2_QUEUE, hashPassword, needsRehash, verifyPassword } from '../passwords/argon2.js';
import { dummyPasswordHash } from '../passwords/hashing.js';
import { afterFirstFactor, completeSignIn } from './complete.js';
import { admitAttempt, passed, refund } from './throttle-gate.js';

const METHOD = 'password';

/**
 * Password sign-in. An unknown email, an account without a password and a wrong password all
 * answer `failed` after the same Argon2 verification; only the right password learns more
 * (disabled, expired).
 */
export async function signInWithPassword(ctx: CoreContext, emailInput: string, password: string, actor: Actor = { kind: 'anonymous' }): Promise<SignInOutcome> {
  // Before the attempt is counted: "busy, try again" must not cost the user a guess.
  const leave = ARGON2_QUEUE.enter();
  try {
    return await passwordSignIn(ctx, emailInput, password, actor);
  } finally {
    leave();
  }
}

async function passwordSignIn(ctx: CoreContext, emailInput: string, password: string, actor: Actor): Promise<SignInOutcome> {
  // An invalid address cannot name an account; it is throttled and timed like an unknown one,
  // under a keyed hash, so that a password typed into the email field is never stored.
  const email = attemptKey(ctx, emailInput);
  const record = (outcome: string, accountId?: string, detail?: string): void =>
    audit(ctx, actor, { action: 'sign_in', method: METHOD, email, accountId: accountId ?? null, outcome, detail: detail ?? null });

  const admission = admitAttempt(ctx, email);
  const { verdict } = admission;
  if (verdict.kind !== 'open') {
    record('locked', ctx.store.users.findByEmail(email)?.id, verdict.kind);
    return verdict.kind === 'blocked' ? { kind: 'locked', retryAfterMs: verdict.retryAfterMs } : { kind: 'locked' };
  }

  const user = ctx.store.users.findByEmail(email);
  const hash = user?.passwordHash ?? (await dummyPasswordHash(ctx));
  const correct = (await verifyPassword(hash, password)) && user?.passwordHash != null;
  if (!user || !correct) {
    record('failed', user?.id, user ? 'wrong password' : 'unknown account');
    return { kind: 'failed' };
  }

  if (user.status === 'disabled') {
    passed(ctx, email);
    record('disabled', user.id);
    return { kind: 'disabled' };
  }
  if (needsRehash(user.passwordHash!, ctx.kdf)) {
    ctx.store.users.setPasswordHash(user.id, await hashPassword(password, ctx.kdf, ctx.random), null);
  }
  refund(ctx, email, admission);
  return afterFirstFactor(ctx, user, ['pwd'], METHOD, actor);
}

/**
 * Finishes a sign-in that ended in `expired`: the flow proves the old password (and any second
 * factor) was given moments ago, so only the new password is asked for. Then the user is in.
 */
export async function completeExpiredPasswordChange(ctx: CoreContext, flowId: string, newPassword: string, actor: Actor): Promise<SignInOutcome> {
  const taken = ctx.flows.take(flowId, 'password_change');
  const user = ctx.store.users.findById(taken.state.userId);
  if (!user || user.status === 'disabled') throw new GatehouseError('flow_expired', 'This account can no longer sign in.');
  try {
    await replacePassword(ctx, user, newPassword, actor, 'password.change');
  } catch (error) {
    // A refused password must not cost the user the step: give them the same flow back.
    ctx.flows.restore(flowId, 'password_change', taken);
    throw error;
  }
  return completeSignIn(ctx, user, taken.state.amr, METHOD, actor, taken.state.mfaAt);
}
