import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { SignInOutcome } from '../../../shared/index.js';
import type { UserRecord } from '../../store/users.js';
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
  return refusalAfterPasskey(ctx, check.user, actor) ?? finishSignIn(ctx, check.user, check.amr, 'passkey', actor, ctx.clock.now());
}

/**
 * A valid passkey does not lift a block or an administrator's lock, nor open a disabled
 * account: said only after the passkey proved who it is, so it reveals nothing to others.
 */
function refusalAfterPasskey(ctx: CoreContext, user: UserRecord, actor: Actor): SignInOutcome | null {
  const record = (outcome: string) => audit(ctx, actor, { action: 'sign_in', method: 'passkey', accountId: user.id, email: user.email, outcome });
  const verdict = throttleVerdict(ctx.store.throttle.get(user.email), ctx.clock.now());
  if (verdict.kind !== 'open') {
    record('locked');
    return verdict.kind === 'blocked' ? { kind: 'locked', retryAfterMs: verdict.retryAfterMs } : { kind: 'locked' };
  }
  if (user.status === 'disabled') {
    record('disabled');
    return { kind: 'disabled' };
  }
  return null;
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
  const refusal = refusalAfterPasskey(ctx, check.user, actor);
  if (refusal) return refusal;
  ctx.flows.end(secondFactorFlowId);
  return finishSignIn(ctx, check.user, [...new Set([...state.amr, ...check.amr])], 'passkey', actor, ctx.clock.now());
}
