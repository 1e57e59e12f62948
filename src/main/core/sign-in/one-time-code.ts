import { createHmac, timingSafeEqual } from 'node:crypto';
import type { CodeSent, SignInResult } from '../../../shared/index.js';
import { GatehouseError } from '../../common/errors.js';
import type { UserRecord } from '../../store/users.js';
import { createAccount } from '../accounts/accounts.js';
import { audit } from '../audit.js';
import type { Actor, CoreContext } from '../context.js';
import { DeliveryFailure, guardText, readSms, readSmtp, sendEmail, sendSms } from '../delivery/delivery.js';
import { requireEmail } from '../email.js';
import { requirePhone } from '../phone.js';
import type { Session } from '../sessions.js';
import { admitAttempt, lockedOutcome, passed, refund } from '../throttle-gate.js';
import { afterFirstFactor } from './transitions.js';

/**
 * Sign-in with a code sent by email or text: the sixth way in, and (by email) a way to register. A 6-digit code from
 * the random source, valid `otpLifetimeMinutes` (5 by default, at most 10), single-use, kept
 * only as a salted HMAC; at most 5 wrong guesses per code, and every guess counts against the
 * address's throttle as a password guess does. A new code replaces the old; a new one may be
 * asked for after 60 seconds, at most 5 an hour per address.
 *
 * An address with no account, when codes may not register (a phone number never registers:
 * every account has an email), gets exactly what a known one gets: the same answer, the same
 * waits and limits, a code row nobody was sent. No message leaves.
 */

export const RESEND_AFTER_MS = 60_000;
export const SENDS_PER_ADDRESS_PER_HOUR = 5;
export const WRONG_GUESSES_PER_CODE = 5;
const HOUR_MS = 60 * 60_000;
const METHOD = { email: 'email_code', sms: 'sms_code' } as const;

/** A uniform 6-digit code from the random source (rejection sampling: no digit is likelier than another). */
function newCode(ctx: CoreContext): string {
  for (;;) {
    const n = ctx.random.bytes(4).readUInt32BE(0);
    if (n < 4_294_000_000) return String(n % 1_000_000).padStart(6, '0');
  }
}

const digest = (salt: string, code: string) => createHmac('sha256', Buffer.from(salt, 'base64url')).update(code).digest();

/** The code as typed: digits only; spaces and hyphens from a paste are forgiven. */
function typedCode(input: string): string | null {
  const code = input.replace(/[\s-]/g, '');
  return /^\d{6}$/.test(code) ? code : null;
}

/** How long a message takes to leave, as last measured: an address that gets none must not answer sooner. */
const sendDurations = new WeakMap<CoreContext, number>();

/** The words of the email: the code, what it is for, when it expires, and what to do if it was not asked for. */
function codeEmail(code: string, lifetimeMinutes: number) {
  return {
    subject: `${code} is your Gatehouse sign-in code`,
    text: [
      `Your Gatehouse sign-in code is ${code}.`,
      '',
      `It works once, for the next ${lifetimeMinutes} minutes.`,
      '',
      'If you did not ask to sign in to Gatehouse, you can ignore this email: nobody can sign in with your address without the code. Never give the code to anyone; Gatehouse never asks for it.',
    ].join('\n'),
  };
}

/** A text: the code first, what it is for, when it expires; no link. */
const codeText = (code: string, lifetimeMinutes: number) =>
  `${code} is your Gatehouse sign-in code. It expires in ${lifetimeMinutes} minutes. If you did not ask for it, ignore this text.`;

type Channel = 'email' | 'sms';

/** Where a code goes, and whose account that is: an email address, or a phone number in E.164. */
function target(ctx: CoreContext, channel: Channel, input: string) {
  if (channel === 'email') {
    if (!readSmtp(ctx)) throw new GatehouseError('invalid_input', 'Codes by email are not set up on this computer. Ask an administrator, or sign in another way.');
    const email = requireEmail(input);
    return { to: email, address: `email:${email}`, user: ctx.store.users.findByEmail(email) };
  }
  if (!readSms(ctx)) throw new GatehouseError('invalid_input', 'Codes by text are not set up on this computer. Ask an administrator, or sign in another way.');
  const phone = requirePhone(input).e164;
  return { to: phone, address: `sms:${phone}`, user: ctx.store.users.findByPhone(phone) };
}

/** Guesses are counted against the account's email when the number has one, as a password guess would be; else against the number. */
const throttleKey = (user: UserRecord | undefined, address: string) => user?.email ?? address;

/** Sends a code by email or text, or refuses with the reason; the flow the code belongs to. */
export async function requestCode(ctx: CoreContext, channel: Channel, input: string, actor: Actor, existingFlowId?: string): Promise<CodeSent> {
  const { to, address, user } = target(ctx, channel, input);
  const now = ctx.clock.now();
  const record = (outcome: string, detail: string | null) =>
    audit(ctx, actor, { action: 'code.send', method: channel, email: user?.email ?? (channel === 'email' ? to : null), accountId: user?.id ?? null, outcome, detail });

  const recent = ctx.store.deliveries.toAddressSince(address, now - HOUR_MS);
  const last = recent.at(-1);
  if (last !== undefined && now - last < RESEND_AFTER_MS) {
    throw new GatehouseError('rate_limited', `A code was sent moments ago. You can ask for a new one in ${Math.ceil((RESEND_AFTER_MS - (now - last)) / 1000)} seconds.`);
  }
  if (recent.length >= SENDS_PER_ADDRESS_PER_HOUR) {
    record('refused', `${SENDS_PER_ADDRESS_PER_HOUR} codes in the last hour`);
    const minutes = Math.ceil((recent[0]! + HOUR_MS - now) / 60_000);
    const where = channel === 'email' ? 'this address' : 'this number';
    throw new GatehouseError('rate_limited', `Too many codes were sent to ${where}. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or sign in another way.`);
  }
  // A text is checked against the allowed countries and the hourly cap, and counted, first.
  if (channel === 'sms') guardText(ctx, to, (why) => record('refused', why));

  const policy = ctx.policy();
  const code = newCode(ctx);
  const salt = ctx.random.bytes(16).toString('base64url');
  const expiresAt = now + policy.otpLifetimeMinutes * 60_000;
  ctx.store.transaction(() => {
    if (channel === 'email') ctx.store.deliveries.record('email', address, now);
    ctx.store.oneTimeCodes.replace({ address, hash: digest(salt, code).toString('base64url'), salt, createdAt: now, expiresAt, attempts: 0 });
  });
  const flowId = existingFlowId ?? ctx.flows.start('one_time_code', { channel, address, to });

  if (!user && (channel === 'sms' || !policy.otpAutoRegister)) {
    // Nobody to send to: wait as long as a message takes, and say what a sent one says.
    await new Promise((resolve) => setTimeout(resolve, sendDurations.get(ctx) ?? 200));
    record('not_sent', channel === 'sms' ? 'no account has this number' : 'no account, and codes may not register');
  } else {
    const started = performance.now();
    try {
      if (channel === 'email') await sendEmail(ctx, to, codeEmail(code, policy.otpLifetimeMinutes));
      else await sendSms(ctx, to, codeText(code, policy.otpLifetimeMinutes));
    } catch (error) {
      ctx.store.oneTimeCodes.remove(address);
      record('failed', error instanceof DeliveryFailure ? error.message : 'the message could not be sent');
      throw new GatehouseError('delivery_failed', 'Gatehouse could not send the code. Try again in a few minutes, or sign in another way.');
    }
    sendDurations.set(ctx, performance.now() - started);
    record('success', null);
  }
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
  const key = throttleKey(known, address);
  const record = (outcome: string, detail: string | null, user?: UserRecord) =>
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
  const stored = ctx.store.oneTimeCodes.find(address);
  if (!stored || stored.expiresAt <= ctx.clock.now()) {
    if (stored) ctx.store.oneTimeCodes.remove(address);
    refund(ctx, key, admission); // no guess was possible
    record('failed', 'no live code');
    throw new GatehouseError('code_expired', 'This code has expired. Send a new one.');
  }
  const code = typedCode(input);
  const right = code !== null && timingSafeEqual(digest(stored.salt, code), Buffer.from(stored.hash, 'base64url'));
  if (!right) {
    const attempts = ctx.store.oneTimeCodes.recordWrongGuess(address);
    if (attempts >= WRONG_GUESSES_PER_CODE) {
      ctx.store.oneTimeCodes.remove(address);
      record('failed', `wrong code; ${WRONG_GUESSES_PER_CODE} wrong guesses end it`);
      throw new GatehouseError('code_expired', 'Too many wrong codes: this one no longer works. Send a new one.');
    }
    record('failed', 'wrong code');
    return { kind: 'failed' };
  }
  // Used up, whatever follows.
  ctx.store.oneTimeCodes.remove(address);
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
