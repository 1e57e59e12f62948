import type { Amr, SecondFactorMethod, SecondFactorProof, SignInOutcome } from '../../../shared/index.js';
import type { UserRecord } from '../../store/users.js';
import { passwordExpiresAt } from '../accounts.js';
import { audit } from '../audit.js';
import type { Actor, CoreContext } from '../context.js';
import { mfaRequiredFor } from '../policy-settings.js';
import { findRecoveryCode } from '../second-factor/recovery-codes.js';
import { verifyTotpCode } from '../second-factor/totp.js';
import { admitAttempt, passed, refund } from './throttle-gate.js';

/** The second factors this account can use at sign-in now. */
export function secondFactorMethods(ctx: CoreContext, userId: string): SecondFactorMethod[] {
  if (ctx.store.totp.countActive(userId) === 0) return [];
  const methods: SecondFactorMethod[] = ['totp'];
  if (ctx.store.recoveryCodes.countUnused(userId) > 0) methods.push('recovery_code');
  // A passkey proves more than a code: it is offered as a second step too.
  if (ctx.store.passkeys.countForUser(userId) > 0) methods.push('passkey');
  return methods;
}

export type SecondFactorCheck = { kind: 'verified'; amr: Amr[]; recoveryCodesLeft?: number } | { kind: 'failed' } | { kind: 'locked'; retryAfterMs?: number };

/**
 * Checks a TOTP code or a recovery code for `user`, throttled with the password attempts of
 * the same account. Each code is accepted once, even by two checks racing each other.
 */
export async function verifySecondFactor(ctx: CoreContext, user: UserRecord, proof: SecondFactorProof, actor: Actor, purpose: 'sign_in' | 'step_up'): Promise<SecondFactorCheck> {
  const record = (outcome: string, detail?: string) => audit(ctx, actor, { action: purpose, method: proof.kind, email: user.email, accountId: user.id, outcome, detail: detail ?? null });
  const admission = admitAttempt(ctx, user.email);
  const { verdict } = admission;
  if (verdict.kind !== 'open') {
    record('locked');
    return verdict.kind === 'blocked' ? { kind: 'locked', retryAfterMs: verdict.retryAfterMs } : { kind: 'locked' };
  }
  const now = ctx.clock.now();
  if (proof.kind === 'totp') {
    for (const authenticator of ctx.store.totp.listActive(user.id)) {
      const check = await verifyTotpCode(authenticator.secret, proof.code, now, authenticator.lastUsedStep);
      if (check.valid && ctx.store.totp.recordUse(authenticator.id, check.step, now)) {
        refund(ctx, user.email, admission);
        record('success', authenticator.name);
        return { kind: 'verified', amr: ['otp', 'mfa'] };
      }
    }
    record('failed');
    return { kind: 'failed' };
  }
  const unused = ctx.store.recoveryCodes.listUnused(user.id);
  const index = await findRecoveryCode(proof.code, unused.map((c) => c.hash));
  if (index >= 0 && ctx.store.recoveryCodes.consume(unused[index]!.id, now)) {
    const left = ctx.store.recoveryCodes.countUnused(user.id);
    refund(ctx, user.email, admission);
    record('success', `recovery code used; ${left} left`);
    return { kind: 'verified', amr: ['mfa'], recoveryCodesLeft: left };
  }
  record('failed');
  return { kind: 'failed' };
}

/** The last step of every successful sign-in: record it, and describe the session. */
export function completeSignIn(ctx: CoreContext, user: UserRecord, amr: Amr[], method: string, actor: Actor, mfaAt: number | null): SignInOutcome {
  const now = ctx.clock.now();
  ctx.store.transaction(() => {
    ctx.store.users.recordSignIn(user.id, now);
    audit(ctx, actor, { action: 'sign_in', method, email: user.email, accountId: user.id, outcome: 'success', detail: amr.join(' ') });
  });
  return { kind: 'success', session: { subject: user.id, email: user.email, displayName: user.displayName, isAdmin: user.isAdmin, amr, authTime: now, mfaAt } };
}

/** Once every factor is proved: a password that must be replaced comes last, then the session. */
export function finishSignIn(ctx: CoreContext, user: UserRecord, amr: Amr[], method: string, actor: Actor, mfaAt: number | null): SignInOutcome {
  passed(ctx, user.email);
  const expiresAt = passwordExpiresAt(ctx, user);
  if (user.passwordHash !== null && (user.mustChangePassword || (expiresAt !== null && expiresAt <= ctx.clock.now()))) {
    const reason = user.mustChangePassword ? 'forced' : 'max_age';
    audit(ctx, actor, { action: 'sign_in', method, email: user.email, accountId: user.id, outcome: 'expired', detail: reason });
    return { kind: 'expired', subject: user.id, reason, flowId: ctx.flows.start('password_change', { userId: user.id, amr, mfaAt }) };
  }
  return completeSignIn(ctx, user, amr, method, actor, mfaAt);
}

/**
 * After a first factor: a second one if the account has it, enrolment if the policy wants one
 * the account lacks, else the end. The throttle is wiped only when the whole sign-in succeeds,
 * so a known password cannot buy fresh guesses at the second factor.
 */
export function afterFirstFactor(ctx: CoreContext, user: UserRecord, amr: Amr[], method: string, actor: Actor): SignInOutcome {
  const methods = secondFactorMethods(ctx, user.id);
  if (methods.length > 0) {
    audit(ctx, actor, { action: 'sign_in', method, email: user.email, accountId: user.id, outcome: 'second_factor_required' });
    return { kind: 'second_factor_required', flowId: ctx.flows.start('second_factor', { userId: user.id, amr }), methods };
  }
  if (mfaRequiredFor(ctx.policy(), user)) {
    passed(ctx, user.email);
    audit(ctx, actor, { action: 'sign_in', method, email: user.email, accountId: user.id, outcome: 'mfa_enrolment_required' });
    return { kind: 'mfa_enrolment_required', flowId: ctx.flows.start('mfa_enrolment', { userId: user.id, amr }) };
  }
  return finishSignIn(ctx, user, amr, method, actor, null);
}

/** The second step of a sign-in: a wrong code may be retried while the flow lasts. */
export async function completeSecondFactor(ctx: CoreContext, flowId: string, proof: SecondFactorProof, actor: Actor): Promise<SignInOutcome & { recoveryCodesLeft?: number }> {
  const state = ctx.flows.peek(flowId, 'second_factor');
  const user = ctx.store.users.findById(state.userId);
  if (!user || user.status === 'disabled') {
    ctx.flows.end(flowId);
    return { kind: 'failed' };
  }
  const check = await verifySecondFactor(ctx, user, proof, actor, 'sign_in');
  if (check.kind !== 'verified') return check;
  ctx.flows.end(flowId);
  const amr = [...new Set([...state.amr, ...check.amr])];
  const outcome = finishSignIn(ctx, user, amr, proof.kind, actor, ctx.clock.now());
  return check.recoveryCodesLeft === undefined ? outcome : { ...outcome, recoveryCodesLeft: check.recoveryCodesLeft };
}
