import { GatehouseError } from './errors.js';

// Deliberately modest: one @, a dotted domain, no spaces. The address is proved by use, not by regex.
const EMAIL_SHAPE = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/u;
const MAX_EMAIL_LENGTH = 254; // RFC 5321 path limit

/** Trims, NFC-normalises and lower-cases an email; null when it is not one. */
export function normaliseEmail(input: string): string | null {
  const email = input.trim().normalize('NFC').toLowerCase();
  if (email.length === 0 || email.length > MAX_EMAIL_LENGTH || !EMAIL_SHAPE.test(email)) return null;
  return email;
}

export function requireEmail(input: string): string {
  const email = normaliseEmail(input);
  if (email === null) throw new GatehouseError('invalid_input', `"${input.trim().slice(0, 80)}" is not a valid email address`);
  return email;
}
