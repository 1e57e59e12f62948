import type { CodeSent, AuditOutcome } from '../../../../shared/index.js';
import { GatehouseError } from '../../../common/errors.js';
import type { UserRecord } from '../../../store/users.js';
import { audit } from '../../audit.js';
import type { Actor, CoreContext } from '../../context.js';
import { readSms } from '../../delivery/delivery.js';
import { checkCode, issueCode, RESEND_AFTER_MS } from '../../one-time-codes.js';
import type { Factor } from '../factor.js';
import { checkGuess } from '../guess.js';

/**
 * A code texted to the account's verified phone, as a second step beside the authenticator app.
 * Only when the policy allows it (off by default: NIST SP 800-63B restricts texted codes, as a
 * number can be taken over by a SIM swap and texts intercepted), and never after a texted code
 * was the first step: the same phone cannot be two factors.
 */
export const smsFactor: Factor<'sms'> = {
  method: 'sms',
  availableFor: (ctx, userId) => {
    const user = ctx.store.users.findById(userId);
    return ctx.policy().smsSecondFactor && user?.phone != null && user.phoneVerifiedAt !== null && readSms(ctx) !== null;
  },
  verify: (ctx, user, proof, actor, purpose) => {
    if (!smsFactor.availableFor(ctx, user.id)) return Promise.resolve({ kind: 'failed' });
    return checkGuess(ctx, user, 'sms', actor, purpose, async () =>
      // A wrong guess is audited by checkGuess; the one that ends the code throws past it, so it is audited here.
      checkCode(ctx, `sms:${user.phone}`, proof.code, (detail, final) => {
        if (final) audit(ctx, actor, { action: purpose, method: 'sms', email: user.email, accountId: user.id, outcome: 'failed', detail });
      }) === 'right'
        ? { amr: ['sms', 'mfa'], detail: 'texted code' }
        : null,
    );
  },
};

/** The last digits only: whoever has just the password learns no more of the number. */
const masked = (phone: string) => `a number ending in ${phone.slice(-4)}`;

/** Texts a second-step code to the account's verified phone. */
export async function textSecondFactorCode(ctx: CoreContext, user: UserRecord, flowId: string, actor: Actor): Promise<CodeSent> {
  if (!smsFactor.availableFor(ctx, user.id)) throw new GatehouseError('invalid_input', 'A texted code is not a second step this account can use.');
  const phone = user.phone!;
  const now = ctx.clock.now();
  const record = (outcome: AuditOutcome, detail: string | null) =>
    audit(ctx, actor, { action: 'code.send', method: 'sms', email: user.email, accountId: user.id, outcome, detail: `second step${detail ? `: ${detail}` : ''}` });
  const expiresAt = await issueCode(ctx, { channel: 'sms', to: phone, address: `sms:${phone}` }, { deliver: true, purpose: 'sign-in', record });
  return { flowId, channel: 'sms', sentTo: masked(phone), resendAfterMs: RESEND_AFTER_MS, expiresInMs: expiresAt - now };
}
