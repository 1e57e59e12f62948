import type { CodeSent, SignInResult, AuditOutcome } from '../../../shared/index.js';
import { GatehouseError } from '../../common/errors.js';
import type { UserRecord } from '../../store/users.js';
import { createAccount } from '../accounts/accounts.js';
import { audit } from '../audit.js';
import type { Actor, CoreContext } from '../context.js';
import { readSms, readSmtp } from '../delivery/delivery.js';
import { requireEmail } from '../email.js';
import { checkCode, issueCode, RESEND_AFTER_MS, type Channel, type CodeTarget } from '../one-time-codes.js';
import { requirePhone } from '../phone.js';
import type { Session } from '../sessions.js';
import { admitAttempt, lockedOutcome, passed, refund } from '../throttle-gate.js';
import { afterFirstFactor } from './transitions.js';

/**
 * Sign-in with a code sent by email or text (one-time-codes.ts holds the codes and their
 * limits): the sixth way in, and by email a way to register. Every guess counts against the
 * address's throttle as a password guess does.
 *
 * An address with no account, when codes may not register (a phone number never registers:
 * every account has an email), gets exactly what a known one gets: the same answer, the same
 * waits and limits, a code row nobody was sent. No message leaves.
 */

const METHOD = { email: 'email_code', sms: 'sms_code' } as const;

/** Where a code goes, and whose account that is: an email address, or a phone number in E.164. */
function target(ctx: CoreContext, channel: Channel, input: string): CodeTarget & { user: UserRecord | undefined } {
  if (channel === 'email') {
    if (!readSmtp(ctx)) throw new GatehouseError('invalid_input', 'Codes by email are not set up on this computer. Ask an administrator, or sign in another way.');
    const email = requireEmail(input, 'to');
    return { channel, to: email, address: `email:${email}`, user: ctx.store.users.findByEmail(email) };
  }
  if (!readSms(ctx)) throw new GatehouseError('invalid_input', 'Codes by text are not set up on this computer. Ask an administrator, or sign in another way.');
  const phone = requirePhone(input).e164;
  return { channel, to: phone, address: `sms:${phone}`, user: ctx.store.users.findByPhone(phone) };
}

/**
 * What guesses are counted under: the address as typed (an email, as password guesses are; a
 * number, under its own key), never the account it names, so that a block answers alike for
 * an address with an account and one without.
 */
const throttleKey = (channel: Channel, to: string, address: string) => (channel === 'email' ? to : address);

/** Sends a code by email or text, or refuses with the reason; the flow the code belongs to. */
export async function requestCode(ctx: CoreContext, channel: Channel, input: string, actor: Actor, existingFlowId?: string): Promise<CodeSent> {
  const { user, ...where } = target(ctx, channel, input);
  const { to, address } = where;
  const record = (outcome: AuditOutcome, detail: string | null) =>
    audit(ctx, actor, { action: 'code.send', method: channel, email: user?.email ?? (channel === 'email' ? to : null), accountId: user?.id ?? null, outcome, detail });
  const deliver = user !== undefined || (channel === 'email' && ctx.policy().otpAutoRegister);
  const now = ctx.clock.now();
  const expiresAt = await issueCode(ctx, where, { deliver, purpose: 'sign-in', record });
  if (!deliver) record('not_sent', channel === 'sms' ? 'no account has this number' : 'no account, and codes may not register');
  const flowId = existingFlowId ?? ctx.flows.start('one_time_code', { channel, address, to });
  return { flowId, channel, sentTo: to, resendAfterMs: RESEND_AFTER_MS, expiresInMs: expiresAt - now };
}

/** A new code for the same flow, under the same limits. */
export function resendCode(ctx: CoreContext, flowId: string, actor: Actor): Promise<CodeSent> {
  const { channel, to } = ctx.flows.peek(flowId, 'one_time_code');
  return requestCode(ctx, channel, to, actor, flowId);
}

/**
 * The code typed in. Right: the address is verified and the sign-in goes on (the policy may
 * still ask for a second factor), or an account is made when an emailed code may register.
 * Wrong: counted, and the fifth wrong guess ends the code.
 */
export async function verifyCode(ctx: CoreContext, flowId: string, input: string, actor: Actor): Promise<SignInResult<Session>> {
  const { channel, address, to } = ctx.flows.peek(flowId, 'one_time_code');
  const known = channel === 'email' ? ctx.store.users.findByEmail(to) : ctx.store.users.findByPhone(to);
  const key = throttleKey(channel, to, address);
  const record = (outcome: AuditOutcome, detail: string | null, user?: UserRecord) =>
    audit(ctx, actor, {
      action: 'sign_in',
      method: METHOD[channel],
      email: user?.email ?? known?.email ?? (channel === 'email' ? to : null),
      accountId: user?.id ?? null,
      outcome,
      detail,
    });

  const admission = admitAttempt(ctx, key);
  if (admission.verdict.kind !== 'open') {
    record('locked', admission.verdict.kind);
    return lockedOutcome(admission.verdict);
  }
  const checked = checkCode(ctx, address, input, (detail) => record('failed', detail));
  if (checked === 'none') {
    refund(ctx, key, admission); // no guess was possible
    record('failed', 'no live code');
    throw new GatehouseError('code_expired', 'This code has expired. Send a new one.');
  }
  if (checked === 'wrong') return { kind: 'failed' };
  // The code is used up; so is the flow, whatever follows.
  ctx.flows.end(flowId);

  let user = known;
  if (!user) {
    if (channel === 'sms' || !ctx.policy().otpAutoRegister) {
      record('failed', channel === 'sms' ? 'no account has this number' : 'no account, and codes may not register');
      return { kind: 'failed' };
    }
    const created = await createAccount(ctx, { email: to }, actor, (u) => ctx.store.users.markEmailVerified(u.id, ctx.clock.now()));
    user = ctx.store.users.findById(created.id)!;
  }
  if (user.status === 'disabled') {
    passed(ctx, key);
    record('disabled', null, user);
    return { kind: 'disabled' };
  }
  refund(ctx, key, admission);
  if (channel === 'email') ctx.store.users.markEmailVerified(user.id, ctx.clock.now());
  else ctx.store.users.markPhoneVerified(user.id, ctx.clock.now());
  return afterFirstFactor(ctx, user, [channel === 'email' ? 'otp' : 'sms'], METHOD[channel], actor);
}
