import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { SignInOutcome } from '../../../shared/index.js';
import { audit } from '../audit.js';
import type { Actor, CoreContext } from '../context.js';
import { beginPasskeyAssertion, verifyPasskeyAssertion } from '../passkeys/ceremonies.js';
import { throttleVerdict } from '../throttle.js';
import { finishSignIn } from './complete.js';

/** Usernameless sign-in: options with an empty allow list, for any discoverable passkey. */
export function beginPasskeySignIn(ctx: CoreContext) {
  return beginPasskeyAssertion(ctx, null);
}

/**
 * A passkey with user verification is a complete multi-factor sign-in on its own: amr
 * hwk|swk, user, mfa. An account locked by an administrator stays locked.
 */
export async function finishPasskeySignIn(ctx: CoreContext, flowId: string, response: AuthenticationResponseJSON, actor: Actor): Promise<SignInOutcome> {
  const check = await verifyPasskeyAssertion(ctx, flowId, response, actor, 'sign_in');
  if (check.kind !== 'verified') return { kind: 'failed' };
  const { user, amr } = check;
  const verdict = throttleVerdict(ctx.store.throttle.get(user.email), ctx.clock.now());
  if (verdict.kind !== 'open') {
    audit(ctx, actor, { action: 'sign_in', method: 'passkey', accountId: user.id, email: user.email, outcome: 'locked' });
    return verdict.kind === 'blocked' ? { kind: 'locked', retryAfterMs: verdict.retryAfterMs } : { kind: 'locked' };
  }
  if (user.status === 'disabled') {
    audit(ctx, actor, { action: 'sign_in', method: 'passkey', accountId: user.id, email: user.email, outcome: 'disabled' });
    return { kind: 'disabled' };
  }
  return finishSignIn(ctx, user, amr, 'passkey', actor, ctx.clock.now());
}

/** A passkey offered as the second step after a password. */
export async function beginPasskeySecondFactor(ctx: CoreContext, secondFactorFlowId: string) {
  const { userId } = ctx.flows.peek(secondFactorFlowId, 'second_factor');
  return beginPasskeyAssertion(ctx, ctx.store.users.findById(userId) ?? null);
}

export async function finishPasskeySecondFactor(ctx: CoreContext, secondFactorFlowId: string, flowId: string, response: AuthenticationResponseJSON, actor: Actor): Promise<SignInOutcome> {
  const state = ctx.flows.peek(secondFactorFlowId, 'second_factor');
  const check = await verifyPasskeyAssertion(ctx, flowId, response, actor, 'sign_in');
  if (check.kind !== 'verified' || check.user.id !== state.userId) return { kind: 'failed' };
  if (check.user.status === 'disabled') return { kind: 'disabled' };
  ctx.flows.end(secondFactorFlowId);
  return finishSignIn(ctx, check.user, [...new Set([...state.amr, ...check.amr])], 'passkey', actor, ctx.clock.now());
}
