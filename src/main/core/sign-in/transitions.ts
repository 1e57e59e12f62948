import type { Amr, ProviderAssertion, SecondFactorMethod, SignInResult, TotpEnrolment } from '../../../shared/index.js';
import { GatehouseError } from '../../common/errors.js';
import type { UserRecord } from '../../store/users.js';
import { passwordExpiresAt } from '../accounts/accounts.js';
import { audit } from '../audit.js';
import type { Actor, CoreContext } from '../context.js';
import type { FactorProof } from '../factors/factor.js';
import { beginFactor, sameAsFirst, secondFactorMethods, verifyFactor } from '../factors/registry.js';
import { textSecondFactorCode } from '../factors/sms/factor.js';
import { atLeast, hasSecondFactor, levelOf } from '../assurance.js';
import { beginTotpEnrolment, confirmTotpEnrolment } from '../factors/totp/manage.js';
import { replacePassword } from '../passwords/change.js';
import { mfaRequiredFor } from '../policy-settings.js';
import type { Session } from '../sessions.js';
import { passed } from '../throttle-gate.js';

/**
 * The sign-in as a path through steps, in one place. A first factor (password, passkey, later
 * a provider or an emailed code) hands over to `afterFirstFactor`; from there:
 *
 *   first factor ──► second factor ──► expired password ──► session
 *          │                ▲
 *          └─► enrolment ───┘ (the policy wants a second factor the account lacks)
 *
 * Each arrow that waits for the user is a flow held in main (flows.ts); the renderer only holds
 * its id. The throttle is wiped only when the whole sign-in succeeds, so a known password
 * cannot buy fresh guesses at the second factor.
 */

/**
 * After a first factor: a second one if the account has it, enrolment if the policy wants one it
 * lacks, else the end. `viaProvider` (a provider's sign-in) travels with the flow to the session.
 */
export function afterFirstFactor(ctx: CoreContext, user: UserRecord, amr: Amr[], method: string, actor: Actor, viaProvider?: ProviderAssertion): SignInResult<Session> {
  // Two factors already (a provider trusted for its two-step sign-in): nothing more to ask.
  if (atLeast(levelOf(amr), 'multi_factor')) return finishSignIn(ctx, user, amr, method, actor, ctx.clock.now(), viaProvider);
  const methods = secondFactorMethods(ctx, user.id, amr);
  if (methods.length > 0) {
    audit(ctx, actor, { action: 'sign_in', method, email: user.email, accountId: user.id, outcome: 'second_factor_required' });
    return { kind: 'second_factor_required', flowId: ctx.flows.start('second_factor', { userId: user.id, amr, viaProvider }), methods };
  }
  if (mfaRequiredFor(ctx.policy(), user)) {
    passed(ctx, user.email);
    audit(ctx, actor, { action: 'sign_in', method, email: user.email, accountId: user.id, outcome: 'mfa_enrolment_required' });
    return { kind: 'mfa_enrolment_required', flowId: ctx.flows.start('mfa_enrolment', { userId: user.id, amr, viaProvider }) };
  }
  return finishSignIn(ctx, user, amr, method, actor, null, viaProvider);
}

/** The challenge for a second step that needs one (a passkey limited to the account's own). */
export function beginSecondFactor(ctx: CoreContext, flowId: string, method: SecondFactorMethod) {
  const { userId } = ctx.flows.peek(flowId, 'second_factor');
  return beginFactor(ctx, method, ctx.store.users.findById(userId) ?? null);
}

/** A second-step code texted to the account's phone, for a sign-in that may use one. */
export async function textSecondStep(ctx: CoreContext, flowId: string, actor: Actor) {
  const { userId, amr } = ctx.flows.peek(flowId, 'second_factor');
  const user = ctx.store.users.findById(userId);
  if (!user || sameAsFirst('sms', amr)) throw new GatehouseError('invalid_input', 'A texted code is not a second step this sign-in can use.');
  return textSecondFactorCode(ctx, user, flowId, actor);
}

/** The second step: a wrong proof may be retried while the flow lasts; an account gone or disabled meanwhile ends it. */
export async function completeSecondFactor(ctx: CoreContext, flowId: string, proof: FactorProof, actor: Actor): Promise<SignInResult<Session>> {
  const state = ctx.flows.peek(flowId, 'second_factor');
  const user = ctx.store.users.findById(state.userId);
  if (!user || user.status === 'disabled') {
    ctx.flows.end(flowId);
    return { kind: 'failed' };
  }
  if (sameAsFirst(proof.kind, state.amr)) return { kind: 'failed' };
  const check = await verifyFactor(ctx, user, proof, actor, 'sign_in');
  if (check.kind !== 'verified') return check;
  ctx.flows.end(flowId);
  const outcome = finishSignIn(ctx, user, [...new Set([...state.amr, ...check.amr])], proof.kind, actor, ctx.clock.now(), state.viaProvider);
  // A recovery code used to sign in: the app says how many are left (an expired password says so later).
  return outcome.kind === 'success' && check.recoveryCodesLeft !== undefined ? { ...outcome, recoveryCodesLeft: check.recoveryCodesLeft } : outcome;
}

/** The account of an enrolment flow, while it may still go on. */
function enrolmentUser(ctx: CoreContext, flowId: string) {
  const state = ctx.flows.peek(flowId, 'mfa_enrolment');
  const user = ctx.store.users.findById(state.userId);
  // Disabled meanwhile, or enrolled meanwhile (then the second factor must be asked instead).
  if (!user || user.status === 'disabled' || hasSecondFactor(ctx, user.id)) {
    ctx.flows.end(flowId);
    throw new GatehouseError('flow_expired', 'This sign-in can no longer go on. Please sign in again.');
  }
  return { state, user };
}

/** Enrolment required by the policy, between the first factor and the app. */
export function beginRequiredEnrolment(ctx: CoreContext, flowId: string, name: string, actor: Actor): TotpEnrolment {
  return beginTotpEnrolment(ctx, enrolmentUser(ctx, flowId).user, name, actor);
}

/** A correct code activates the authenticator and, having proved it, completes the sign-in. */
export async function confirmRequiredEnrolment(
  ctx: CoreContext,
  flowId: string,
  name: string,
  code: string,
  actor: Actor,
): Promise<{ outcome: SignInResult<Session>; recoveryCodes: string[] }> {
  const { state, user } = enrolmentUser(ctx, flowId);
  const confirmed = await confirmTotpEnrolment(ctx, user, name, code, actor);
  ctx.flows.end(flowId);
  const amr = [...new Set([...state.amr, 'otp' as const, 'mfa' as const])];
  return { outcome: finishSignIn(ctx, user, amr, 'totp', actor, ctx.clock.now(), state.viaProvider), recoveryCodes: confirmed.recoveryCodes ?? [] };
}

/** Once every factor is proved: a password that must be replaced comes last, then the session. */
export function finishSignIn(
  ctx: CoreContext,
  user: UserRecord,
  amr: Amr[],
  method: string,
  actor: Actor,
  mfaAt: number | null,
  viaProvider?: ProviderAssertion,
): SignInResult<Session> {
  passed(ctx, user.email);
  const expiresAt = passwordExpiresAt(ctx, user);
  if (user.passwordHash !== null && (user.mustChangePassword || (expiresAt !== null && expiresAt <= ctx.clock.now()))) {
    const reason = user.mustChangePassword ? 'forced' : 'max_age';
    audit(ctx, actor, { action: 'sign_in', method, email: user.email, accountId: user.id, outcome: 'expired', detail: reason });
    return { kind: 'expired', reason, flowId: ctx.flows.start('password_change', { userId: user.id, amr, mfaAt, viaProvider }) };
  }
  return startSession(ctx, user, amr, method, actor, mfaAt, viaProvider);
}

/**
 * Finishes a sign-in that ended in `expired`: the flow proves the old password (and any second
 * factor) was given moments ago, so only the new password is asked for. Then the user is in.
 */
export async function completeExpiredPasswordChange(ctx: CoreContext, flowId: string, newPassword: string, actor: Actor): Promise<SignInResult<Session>> {
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
  return startSession(ctx, user, taken.state.amr, 'password', actor, taken.state.mfaAt, taken.state.viaProvider);
}

/** The last step of every successful sign-in: record it, and describe the session. */
function startSession(ctx: CoreContext, user: UserRecord, amr: Amr[], method: string, actor: Actor, mfaAt: number | null, viaProvider?: ProviderAssertion): SignInResult<Session> {
  const now = ctx.clock.now();
  ctx.store.transaction(() => {
    ctx.store.users.recordSignIn(user.id, now);
    audit(ctx, actor, { action: 'sign_in', method, email: user.email, accountId: user.id, outcome: 'success', detail: amr.join(' ') });
  });
  const session: Session = { subject: user.id, email: user.email, displayName: user.displayName, isAdmin: user.isAdmin, amr, authTime: now, mfaAt };
  return { kind: 'success', session: viaProvider ? { ...session, viaProvider } : session };
}
