import type { AuditOutcome } from '../../shared/index.js';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { GatehouseError } from '../common/errors.js';
import type { CoreContext } from './context.js';
import { DeliveryFailure, guardText, sendEmail, sendSms } from './delivery/delivery.js';

/**
 * One-time codes sent by email or text, for signing in and for proving a new email or phone. A
 * 6-digit code from the random source, valid `otpLifetimeMinutes` (5 by default, at most 10),
 * single-use, kept only as a salted HMAC; at most 5 wrong guesses per code. A new code replaces
 * the old; a new one may be asked for after 60 seconds, at most 5 an hour per address. The
 * callers count every guess on their throttle.
 */

export const RESEND_AFTER_MS = 60_000;
export const SENDS_PER_ADDRESS_PER_HOUR = 5;
export const WRONG_GUESSES_PER_CODE = 5;
const HOUR_MS = 60 * 60_000;

export type Channel = 'email' | 'sms';

/** Where a code goes: the channel, the address as people read it, and its key in the store (`email:…`, `sms:+…`). */
export interface CodeTarget {
  channel: Channel;
  to: string;
  address: string;
}

/** What the code is for, as its message says it. */
export type CodePurpose = 'sign-in' | 'confirmation';

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

/**
 * How long a message takes to leave on each channel, and whether the last one could not: an
 * address that gets none must answer as one that gets one would, no sooner, and not with
 * success while sending fails.
 */
const lastSends = new WeakMap<CoreContext, Partial<Record<Channel, { ms: number; failed: boolean }>>>();
const lastSend = (ctx: CoreContext, channel: Channel) => lastSends.get(ctx)?.[channel];
function recordSend(ctx: CoreContext, channel: Channel, ms: number, failed: boolean): void {
  lastSends.set(ctx, { ...lastSends.get(ctx), [channel]: { ms, failed } });
}
const COULD_NOT_SEND = () => new GatehouseError('delivery_failed', 'Gatehouse could not send the code. Try again in a few minutes, or sign in another way.');

/** The words of the email: the code, what it is for, when it expires, and what to do if it was not asked for. */
function codeEmail(code: string, purpose: CodePurpose, lifetimeMinutes: number) {
  const unasked =
    purpose === 'sign-in'
      ? 'If you did not ask to sign in to Gatehouse, you can ignore this email: nobody can sign in with your address without the code.'
      : 'If you did not ask to add this address to a Gatehouse account, you can ignore this email: it will not be added without the code.';
  return {
    subject: `${code} is your Gatehouse ${purpose} code`,
    text: [
      `Your Gatehouse ${purpose} code is ${code}.`,
      '',
      `It works once, for the next ${lifetimeMinutes} minutes.`,
      '',
      `${unasked} Never give the code to anyone; Gatehouse never asks for it.`,
    ].join('\n'),
  };
}

/** A text: the code first, what it is for, when it expires; no link. */
const codeText = (code: string, purpose: CodePurpose, lifetimeMinutes: number) =>
  `${code} is your Gatehouse ${purpose} code. It expires in ${lifetimeMinutes} minutes. If you did not ask for it, ignore this text.`;

/**
 * The limits of an address, then a new code stored in place of the old and sent. With
 * `deliver: false` (an address nobody may learn about) the code is stored and nothing is sent,
 * after as long as a send takes: the answer is the same. Texts are also held to the allowed
 * countries and the hourly cap. Returns when the code expires.
 */
export async function issueCode(
  ctx: CoreContext,
  { channel, to, address }: CodeTarget,
  { deliver, purpose, record }: { deliver: boolean; purpose: CodePurpose; record: (outcome: AuditOutcome, detail: string | null) => void },
): Promise<number> {
  const now = ctx.clock.now();
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

  const lifetimeMinutes = ctx.policy().otpLifetimeMinutes;
  const code = newCode(ctx);
  const salt = ctx.random.bytes(16).toString('base64url');
  const expiresAt = now + lifetimeMinutes * 60_000;
  ctx.store.transaction(() => {
    if (channel === 'email') ctx.store.deliveries.record('email', address, now);
    ctx.store.oneTimeCodes.replace({ address, hash: digest(salt, code).toString('base64url'), salt, createdAt: now, expiresAt, attempts: 0 });
  });

  if (!deliver) {
    const last = lastSend(ctx, channel);
    await new Promise((resolve) => setTimeout(resolve, last?.ms ?? 200));
    if (last?.failed) {
      ctx.store.oneTimeCodes.remove(address);
      record('not_sent', 'sending fails at the moment: answered as a failed send');
      throw COULD_NOT_SEND();
    }
    return expiresAt;
  }
  const started = performance.now();
  try {
    if (channel === 'email') await sendEmail(ctx, to, codeEmail(code, purpose, lifetimeMinutes));
    else await sendSms(ctx, to, codeText(code, purpose, lifetimeMinutes));
  } catch (error) {
    recordSend(ctx, channel, performance.now() - started, true);
    ctx.store.oneTimeCodes.remove(address);
    record('failed', error instanceof DeliveryFailure ? error.message : 'the message could not be sent');
    throw COULD_NOT_SEND();
  }
  recordSend(ctx, channel, performance.now() - started, false);
  record('success', null);
  return expiresAt;
}

/**
 * The code typed for an address. `right`: it is used up. `wrong`: counted. `none`: there was no
 * live code, so no guess was possible. The fifth wrong guess ends the code (`code_expired`).
 * `record` hears of each wrong guess; `final` marks the one that ended the code.
 */
export function checkCode(ctx: CoreContext, address: string, input: string, record: (detail: string, final: boolean) => void): 'right' | 'wrong' | 'none' {
  const stored = ctx.store.oneTimeCodes.find(address);
  if (!stored || stored.expiresAt <= ctx.clock.now()) {
    if (stored) ctx.store.oneTimeCodes.remove(address);
    return 'none';
  }
  const code = typedCode(input);
  if (code !== null && timingSafeEqual(digest(stored.salt, code), Buffer.from(stored.hash, 'base64url'))) {
    ctx.store.oneTimeCodes.remove(address);
    return 'right';
  }
  if (ctx.store.oneTimeCodes.recordWrongGuess(address) >= WRONG_GUESSES_PER_CODE) {
    ctx.store.oneTimeCodes.remove(address);
    record(`wrong code; ${WRONG_GUESSES_PER_CODE} wrong guesses end it`, true);
    throw new GatehouseError('code_expired', 'Too many wrong codes: this one no longer works. Send a new one.');
  }
  record('wrong code', false);
  return 'wrong';
}
