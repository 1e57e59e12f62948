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
    // parseArgs' messages name the option; drop its advice about '--' which does not apply here.
    throw new UsageError((error as Error).message.split('. To specify')[0]!.replace(/\.$/, ''));
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

export function parseInteger(name: string, text: string): number {
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`--${name} takes a whole number, not "${text}"`);
  return Number(text.trim());
}
