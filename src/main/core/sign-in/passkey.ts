import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { SignInResult, AuditOutcome } from '../../../shared/index.js';
import { throttleVerdict } from '../../common/throttle.js';
import { audit } from '../audit.js';
import type { Actor, CoreContext } from '../context.js';
import { beginPasskeyAssertion, verifyPasskeyAssertion } from '../factors/passkey/ceremonies.js';
import type { Session } from '../sessions.js';
import type { UserRecord } from '../../store/users.js';
import { lockedOutcome } from '../throttle-gate.js';
import { finishSignIn } from './transitions.js';

/**
 * Usernameless sign-in: options with an empty allow list, for any discoverable passkey. With a
 * user (unlocking their locked session), only that account's passkeys are offered and accepted.
 */
export function beginPasskeySignIn(ctx: CoreContext, user: UserRecord | null = null) {
  return beginPasskeyAssertion(ctx, user);
}

/**
 * A passkey with user verification is a complete multi-factor sign-in on its own: amr
 * hwk|swk, user, mfa. A valid passkey does not lift a block or an administrator's lock, nor
 * open a disabled account: said only after the passkey proved who it is, so it reveals nothing
 * to others.
 */
export async function finishPasskeySignIn(
  ctx: CoreContext,
  flowId: string,
  response: AuthenticationResponseJSON,
  actor: Actor,
  /** Unlocking: the account whose session is locked; a passkey of any other is refused. */
  as?: string,
): Promise<SignInResult<Session>> {
  const check = await verifyPasskeyAssertion(ctx, flowId, response, actor, 'sign_in');
  if (check.kind !== 'verified') return { kind: 'failed' };
  const user = check.user;
  const record = (outcome: AuditOutcome, detail?: string) =>
    audit(ctx, actor, { action: 'sign_in', method: 'passkey', accountId: user.id, email: user.email, outcome, ...(detail ? { detail } : {}) });
  if (as !== undefined && user.id !== as) {
    record('failed', 'passkey of another account than the locked session');
    return { kind: 'failed' };
  }
  const verdict = throttleVerdict(ctx.store.throttle.get(user.email), ctx.clock.now());
  if (verdict.kind !== 'open') {
    record('locked');
    return lockedOutcome(verdict);
  }
  if (user.status === 'disabled') {
    record('disabled');
    return { kind: 'disabled' };
  }
  return finishSignIn(ctx, user, check.amr, 'passkey', actor, ctx.clock.now());
}
