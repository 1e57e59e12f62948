import { parseArgs } from 'node:util';
import { UsageError } from './errors.js';

/** Every option of every command, with one type each, so that values bind before we know the command. */
export const OPTIONS = {
  'data-dir': { type: 'string' },
  keychain: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
  email: { type: 'string' },
  name: { type: 'string' },
  admin: { type: 'boolean' },
  'password-stdin': { type: 'boolean' },
  'no-password': { type: 'boolean' },
  'must-change-password': { type: 'boolean' },
  qr: { type: 'boolean' },
  role: { type: 'string' },
  totp: { type: 'string' },
  'recovery-code': { type: 'string' },
  code: { type: 'string' },
  id: { type: 'string' },
  action: { type: 'string' },
  outcome: { type: 'string' },
  limit: { type: 'string' },
  'password-min-length': { type: 'string' },
  'password-min-length-mfa': { type: 'string' },
  'password-max-length': { type: 'string' },
  'password-max-age-days': { type: 'string' },
  'password-history': { type: 'string' },
  'password-composition': { type: 'string' },
  'require-mfa': { type: 'string' },
  'throttle-max-failures': { type: 'string' },
  'throttle-window-minutes': { type: 'string' },
  'throttle-block-minutes': { type: 'string' },
  'lockout-after-failures': { type: 'string' },
  'idle-lock-minutes': { type: 'string' },
  'audit-retention-days': { type: 'string' },
  before: { type: 'string' },
  out: { type: 'string' },
  stdout: { type: 'boolean' },
  'recovery-key-stdin': { type: 'boolean' },
  replace: { type: 'boolean' },
  after: { type: 'string' },
  'password-hash-memory-mib': { type: 'string' },
  'password-hash-iterations': { type: 'string' },
  'password-hash-parallelism': { type: 'string' },
  'password-hashing': { type: 'string' },
  'target-ms': { type: 'string' },
  apply: { type: 'boolean' },
  issuer: { type: 'string' },
  'client-id': { type: 'string' },
  'client-secret-stdin': { type: 'boolean' },
  scopes: { type: 'string' },
  'allow-registration': { type: 'boolean' },
  'email-claim': { type: 'string' },
  'insecure-loopback-issuer': { type: 'boolean' },
  'trust-mfa': { type: 'boolean' },
  'mfa-acr': { type: 'string' },
  'otp-auto-register': { type: 'string' },
  'otp-lifetime-minutes': { type: 'string' },
  'sms-second-factor': { type: 'string' },
  'sms-hourly-cap': { type: 'string' },
  host: { type: 'string' },
  port: { type: 'string' },
  tls: { type: 'string' },
  user: { type: 'string' },
  from: { type: 'string' },
  'base-url': { type: 'string' },
  'account-id': { type: 'string' },
  'auth-token-stdin': { type: 'boolean' },
  'allowed-country-codes': { type: 'string' },
  to: { type: 'string' },
  phone: { type: 'string' },
  'unlink-all': { type: 'boolean' },
  provider: { type: 'string' },
  export: { type: 'string' },
} as const;

export type OptionName = keyof typeof OPTIONS;
export type OptionValues = { [K in OptionName]?: (typeof OPTIONS)[K]['type'] extends 'string' ? string : boolean };

export const GLOBAL_OPTIONS: readonly OptionName[] = ['data-dir', 'keychain', 'help'];

export interface ParsedArgs {
  words: string[];
  values: OptionValues;
}

export function parseCommandLine(argv: string[]): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    return { words: positionals, values: values as OptionValues };
  } catch (error) {
    // parseArgs' messages name the option; keep their first sentence (its advice about '--'
    // and '--opt=-value' is for another kind of program), on one line.
    const message = (error as Error).message;
    const ambiguous = /^Option '(--[\w-]+)[^']*' argument is ambiguous/.exec(message);
    if (ambiguous) throw new UsageError(`${ambiguous[1]} takes a value, and values starting with "-" are not accepted`);
    throw new UsageError(message.split(/\.\s|\n/)[0]!.replace(/\.$/, ''));
  }
}

/** Refuses options that exist but do not belong to the command, naming them. */
export function assertOnlyOptions(command: string, values: OptionValues, allowed: readonly OptionName[]): void {
  for (const name of Object.keys(values) as OptionName[]) {
    if (values[name] !== undefined && !allowed.includes(name) && !GLOBAL_OPTIONS.includes(name)) {
      throw new UsageError(`'gatehouse ${command}' does not take --${name}`);
    }
  }
}

export function requireString(values: OptionValues, name: OptionName): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${name} is required`);
  return value;
}

/** A whole number within [min, max]; anything else is a usage error that echoes what was given. */
export function parseInteger(name: string, text: string, { min = 0, max = Number.MAX_SAFE_INTEGER }: { min?: number; max?: number } = {}): number {
  const value = /^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`--${name} takes a whole number from ${min} to ${max}, not "${text.slice(0, 40)}"`);
  }
  return value;
}
