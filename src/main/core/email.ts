import { createHmac } from 'node:crypto';
import { escapeUnsafeText, hasUnsafeText } from '../../shared/text.js';
import { TEXT_LIMITS } from '../../shared/input-problems.js';
import type { CoreContext } from './context.js';
import { GatehouseError } from '../common/errors.js';

// Deliberately modest: one @, a dotted domain, no spaces. The address is proved by use, not by
// regex; but nothing a mail library reads as address syntax (a list, a display name, a comment,
// a quoted or routed part), so that the address checked is the one a code is sent to.
const EMAIL_SHAPE = /^[^\s@,;<>()"[\]\\:]+@[^\s@.,;<>()"[\]\\:]+(\.[^\s@.,;<>()"[\]\\:]+)+$/u;

/** Trims, NFC-normalises and lower-cases an email; null when it is not one (control and bidi characters included). */
export function normaliseEmail(input: string): string | null {
  const email = input.trim().normalize('NFC').toLowerCase();
  if (email.length === 0 || email.length > TEXT_LIMITS.email || !EMAIL_SHAPE.test(email) || hasUnsafeText(email)) return null;
  return email;
}

/** The address, or a refusal tied to the request field it was typed in (`email` unless said). */
export function requireEmail(input: string, field = 'email'): string {
  const email = normaliseEmail(input);
  if (email === null) throw new GatehouseError('invalid_input', `"${escapeUnsafeText(input.trim().slice(0, 80))}" is not a valid email address.`, undefined, field);
  return email;
}

/** Marks a keyed hash that stands for something typed as an email that is not one; no address contains it. */
const NOT_AN_EMAIL = 'not-an-email:';

/**
 * What sign-in attempts are counted and audited under: the address, or, for input that is not
 * one (a password typed in the wrong field), a keyed hash of it. The same input counts as the
 * same attempt, yet it is never stored or shown.
 */
export function attemptKey(ctx: CoreContext, input: string): string {
  const email = normaliseEmail(input);
  if (email !== null) return email;
  let key = attemptKeys.get(ctx);
  if (!key) attemptKeys.set(ctx, (key = ctx.random.bytes(32)));
  return `${NOT_AN_EMAIL}${createHmac('sha256', key).update(input.trim().normalize('NFC').toLowerCase()).digest('base64url')}`;
}

/**
 * The HMAC key lives in this process's memory only: a key kept in the store would let whoever
 * holds a copy of the store test password guesses against these rows at HMAC speed, far faster
 * than against Argon2. The running app counts the same input as the same attempt; another
 * process (or a restart) counts it afresh, which costs nothing, since it names no account.
 */
const attemptKeys = new WeakMap<CoreContext, Buffer>();

/** How an attempt key reads for a person: the address, or "(not an email address)". */
export function displayAttemptKey(key: string): string {
  return key.startsWith(NOT_AN_EMAIL) ? '(not an email address)' : key;
}
