import type { SignInOutcome, TotpEnrolment } from '../../../shared/index.js';
import type { Actor, CoreContext } from '../context.js';
import { GatehouseError } from '../errors.js';
import { beginTotpEnrolment, confirmTotpEnrolment, hasSecondFactor } from '../second-factor/manage.js';
import { finishSignIn } from './complete.js';

function flowUser(ctx: CoreContext, flowId: string) {
  const state = ctx.flows.peek(flowId, 'mfa_enrolment');
  const user = ctx.store.users.findById(state.userId);
  // Disabled meanwhile, or enrolled meanwhile (then the second factor must be asked instead).
  if (!user || user.status === 'disabled' || hasSecondFactor(ctx, user.id)) {
    ctx.flows.end(flowId);
    throw new GatehouseError('flow_expired', 'This sign-in can no longer go on. Please sign in again.');
  }
  return { state, user };
}

/** Enrolment required by the policy, between the password step and the app. */
export function beginRequiredEnrolment(ctx: CoreContext, flowId: string, name: string, actor: Actor): TotpEnrolment {
  const { user } = flowUser(ctx, flowId);
  return beginTotpEnrolment(ctx, user, name, actor);
}

/** A correct code activates the authenticator and, having proved it, completes the sign-in. */
export async function confirmRequiredEnrolment(ctx: CoreContext, flowId: string, name: string, code: string, actor: Actor): Promise<{ outcome: SignInOutcome; recoveryCodes: string[] }> {
  const { state, user } = flowUser(ctx, flowId);
  const confirmed = await confirmTotpEnrolment(ctx, user, name, code, actor);
  ctx.flows.end(flowId);
  const amr = [...new Set([...state.amr, 'otp' as const, 'mfa' as const])];
  return { outcome: finishSignIn(ctx, user, amr, 'totp', actor, ctx.clock.now()), recoveryCodes: confirmed.recoveryCodes ?? [] };
}
