import { createRequire } from 'node:module';
import type { parsePhoneNumberFromString as Parse } from 'libphonenumber-js';
import { escapeUnsafeText } from '../../shared/index.js';
import { GatehouseError } from '../common/errors.js';

/**
 * Phone numbers, validated and kept in E.164 with libphonenumber-js (its metadata follows the
 * numbering plans). Written in international form: Gatehouse has no home country to assume.
 */
export interface Phone {
  e164: string;
  countryCallingCode: number;
}

// Its metadata takes a while to load: loaded when a number is first read, not by every command.
let parser: typeof Parse | null = null;
const parsePhoneNumberFromString: typeof Parse = (...args) => {
  parser ??= (createRequire(import.meta.url)('libphonenumber-js') as { parsePhoneNumberFromString: typeof Parse }).parsePhoneNumberFromString;
  return parser(...args);
};

export function normalisePhone(input: string): Phone | null {
  const parsed = parsePhoneNumberFromString(input.trim());
  if (!parsed?.isValid()) return null;
  return { e164: parsed.number, countryCallingCode: Number(parsed.countryCallingCode) };
}

export function requirePhone(input: string): Phone {
  const phone = normalisePhone(input);
  if (!phone)
    throw new GatehouseError('invalid_input', `"${escapeUnsafeText(input.trim().slice(0, 24))}" is not a phone number. Write it in international form, like +1 555 123 4567.`);
  return phone;
}

/** The country calling code a number is written with (+44: 44), whether or not the number is assigned; NaN when there is none. */
export function countryCallingCodeOf(number: string): number {
  return Number(parsePhoneNumberFromString(number)?.countryCallingCode ?? NaN);
}

/** As people write it in its country: (555) 123-4567; the E.164 form when that cannot be made. */
export function nationalFormat(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatNational() ?? e164;
}
