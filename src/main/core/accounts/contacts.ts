import type { AccountView, CodeSent, ContactChangeResult, AuditOutcome } from '../../../shared/index.js';
import { GatehouseError } from '../../common/errors.js';
import type { UserRecord } from '../../store/users.js';
import { audit } from '../audit.js';
import type { Actor, CoreContext } from '../context.js';
import { readSms, readSmtp, sendEmail } from '../delivery/delivery.js';
import { requireEmail } from '../email.js';
import { checkCode, issueCode, RESEND_AFTER_MS, type Channel, type CodeTarget } from '../one-time-codes.js';
import { requirePhone } from '../phone.js';
import { admitAttempt, lockedOutcome, refund } from '../throttle-gate.js';
import { toAccountView } from './accounts.js';

/**
 * An account's email and phone, changed only by proving the new one: a code sent to it, typed
 * back. A changed email becomes the account's name and its way to get codes, so the old
 * address is told. Guesses count against the account's throttle, as password guesses do.
 */

function userById(ctx: CoreContext, userId: string): UserRecord {
  const user = ctx.store.users.findById(userId);
  if (!user) throw new GatehouseError('session_required', 'This account no longer exists.');
  return user;
}

/**
 * The new address, refused when it is the current one. Whether another account has it is said
 * only at the confirmation, to whoever received the code: asking tells nobody else.
 */
function newContact(ctx: CoreContext, user: UserRecord, channel: Channel, input: string): CodeTarget {
  if (channel === 'email') {
    if (!readSmtp(ctx)) throw new GatehouseError('invalid_input', 'Email is not set up on this computer, so a new address cannot be confirmed. Ask an administrator.');
    const email = requireEmail(input, 'to');
    if (email === user.email) throw new GatehouseError('conflict', 'That is already your email address.');
    return { channel, to: email, address: `email:${email}` };
  }
  if (!readSms(ctx)) throw new GatehouseError('invalid_input', 'Texts are not set up on this computer, so a phone number cannot be confirmed. Ask an administrator.');
  const phone = requirePhone(input).e164;
  if (phone === user.phone && user.phoneVerifiedAt !== null) throw new GatehouseError('conflict', 'That is already your phone number.');
  return { channel, to: phone, address: `sms:${phone}` };
}

/** Sends a code to the new email or phone; the flow that confirms it. */
export async function beginContactChange(ctx: CoreContext, userId: string, channel: Channel, input: string, actor: Actor): Promise<CodeSent> {
  const user = userById(ctx, userId);
  const target = newContact(ctx, user, channel, input);
  const record = (outcome: AuditOutcome, detail: string | null) =>
    audit(ctx, actor, { action: 'code.send', method: channel, email: user.email, accountId: user.id, outcome, detail: `to confirm ${target.to}${detail ? `: ${detail}` : ''}` });
  const now = ctx.clock.now();
  const expiresAt = await issueCode(ctx, target, { deliver: true, purpose: 'confirmation', record });
  const flowId = ctx.flows.start('contact_change', { userId, ...target });
  return { flowId, channel, sentTo: target.to, resendAfterMs: RESEND_AFTER_MS, expiresInMs: expiresAt - now };
}

/** The code typed back: the new email or phone is the account's, verified; the old email is told. */
export async function confirmContactChange(ctx: CoreContext, userId: string, flowId: string, input: string, actor: Actor): Promise<ContactChangeResult> {
  const state = ctx.flows.peek(flowId, 'contact_change');
  if (state.userId !== userId) throw new GatehouseError('flow_expired', 'This step has expired or was already completed. Please start again.');
  const user = userById(ctx, userId);
  const record = (outcome: AuditOutcome, detail: string) =>
    audit(ctx, actor, { action: 'contact.change', method: state.channel, email: user.email, accountId: user.id, outcome, detail });

  const admission = admitAttempt(ctx, user.email);
  if (admission.verdict.kind !== 'open') {
    record('locked', state.to);
    return lockedOutcome(admission.verdict);
  }
  const checked = checkCode(ctx, state.address, input, (detail) => record('failed', `${state.to}: ${detail}`));
  if (checked === 'none') {
    refund(ctx, user.email, admission);
    throw new GatehouseError('code_expired', 'This code has expired. Send a new one.');
  }
  if (checked === 'wrong') return { kind: 'failed' };
  ctx.flows.end(flowId);
  refund(ctx, user.email, admission);

  const now = ctx.clock.now();
  const changed = ctx.store.transaction(() => {
    // Checked here, at the write, and said only to whoever received the code.
    const taken = state.channel === 'email' ? ctx.store.users.findByEmail(state.to) : ctx.store.users.findByPhone(state.to);
    if (taken && taken.id !== user.id) {
      record('failed', `${state.to}: another account has it`);
      return null;
    }
    if (state.channel === 'email') ctx.store.users.setEmail(user.id, state.to, now);
    else ctx.store.users.setPhone(user.id, state.to, now);
    record('success', state.channel === 'email' ? `${user.email} → ${state.to}` : `${user.phone ?? 'none'} → ${state.to}`);
    return ctx.store.users.findById(user.id)!;
  });
  if (!changed) throw new GatehouseError('conflict', `This ${state.channel === 'email' ? 'email address' : 'phone number'} cannot be added to your account.`);
  // The account's email hears of every change, so that a takeover does not go unnoticed.
  await tellByEmail(ctx, user.email, state.channel === 'email' ? `changed from ${user.email} to ${state.to}` : `given the phone number ${state.to}`, actor, user.id);
  return { kind: 'changed', account: toAccountView(ctx, changed) };
}

/** The account's (old) email hears of a change of contact; a failure to send is recorded, not fatal. */
async function tellByEmail(ctx: CoreContext, to: string, what: string, actor: Actor, accountId: string): Promise<void> {
  if (!readSmtp(ctx)) return;
  try {
    await sendEmail(ctx, to, {
      subject: 'Your Gatehouse account was changed',
      text: [
        `Your Gatehouse account was ${what}.`,
        '',
        'If you made this change, there is nothing to do. If you did not, tell your Gatehouse administrator at once: someone may have used your account.',
      ].join('\n'),
    });
    audit(ctx, actor, { action: 'code.send', method: 'email', email: to, accountId, outcome: 'success', detail: 'change notice' });
  } catch (error) {
    audit(ctx, actor, { action: 'code.send', method: 'email', email: to, accountId, outcome: 'failed', detail: `change notice: ${(error as Error).message}` });
  }
}

/** Takes the phone off the account: no texted codes to it any more. */
export function removePhone(ctx: CoreContext, userId: string, actor: Actor): AccountView {
  return ctx.store.transaction(() => {
    const user = userById(ctx, userId);
    if (user.phone === null) throw new GatehouseError('not_found', 'This account has no phone number.');
    ctx.store.users.setPhone(user.id, null, null);
    audit(ctx, actor, { action: 'contact.change', method: 'sms', email: user.email, accountId: user.id, outcome: 'success', detail: `${user.phone} removed` });
    return toAccountView(ctx, ctx.store.users.findById(user.id)!);
  });
}
