import type { z } from 'zod';

/**
 * How long the things people type may be: one set, used by the IPC contract, the core and the
 * inputs' `maxLength`, so that a form can never send what main would refuse for its length.
 */
export const TEXT_LIMITS = {
  /** RFC 5321: an address in a mail path is at most 254 characters. */
  email: 254,
  /** An address or a phone number typed where either is accepted (E.164 is at most 15 digits). */
  emailOrPhone: 254,
  /** A TOTP code or a recovery code as typed, with its spaces and hyphens. */
  code: 40,
} as const;

/** A request field, as a person would name it at the start of a sentence. */
const FIELD_WORDS: Record<string, string> = {
  email: 'The email address',
  displayName: 'The name',
  name: 'The name',
  password: 'The password',
  currentPassword: 'The current password',
  newPassword: 'The new password',
  code: 'The code',
  to: 'The address',
  issuer: 'The issuer URL',
  clientId: 'The client ID',
  clientSecret: 'The client secret',
  scopes: 'The scopes',
  emailClaim: 'The email claim',
  mfaAcr: 'The acr values',
  host: 'The SMTP host',
  port: 'The port',
  user: 'The user name',
  from: 'The sender address',
  baseUrl: 'The API URL',
  accountId: 'The account ID',
  authToken: 'The auth token',
  allowedCountryCodes: 'The country codes',
  passwordMinLength: 'The minimum password length',
  passwordMinLengthWithMfa: 'The minimum length with two-step verification',
  passwordMaxLength: 'The maximum password length',
  passwordHistory: 'The number of previous passwords',
  passwordMaxAgeDays: 'The password maximum age',
  throttleMaxFailures: 'The failed attempts before a temporary lock',
  throttleWindowMinutes: 'The window for failed attempts',
  throttleBlockMinutes: 'The temporary lock',
  lockoutAfterFailures: 'The failures before only an administrator can unlock',
  idleLockMinutes: 'The idle time before locking',
  auditRetentionDays: 'The audit retention',
  otpLifetimeMinutes: 'The code lifetime',
  smsHourlyCap: 'The texts per hour',
  memoryMiB: 'The hashing memory, in MiB,',
  iterations: 'The hashing passes',
  parallelism: 'The hashing lanes',
  limit: 'The number of entries',
  recoveryKey: 'The recovery key',
  folder: 'The folder',
  keep: 'The number of backups to keep',
  action: 'The action',
  outcome: 'The result',
  since: 'The start date',
  until: 'The end date',
};

/** A refusal of what was typed: the field it belongs to (a request key), and a sentence for a person. */
export interface InputProblem {
  field?: string;
  message: string;
}

const sentence = (text: string): string => {
  const trimmed = text.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
};

/**
 * The first problem of a failed parse, in words: "The email address can be at most 254
 * characters." rather than "email: Too big: expected string to have <=254 characters". Our own
 * messages ("enter an email address") become sentences; a message that starts with "must" or
 * "cannot" is said of the field.
 */
export function describeInputProblem(error: z.ZodError): InputProblem {
  const issue = error.issues[0]!;
  const key = [...issue.path].reverse().find((part): part is string => typeof part === 'string');
  const subject = (key && FIELD_WORDS[key]) ?? (key ? 'This value' : 'The request');
  const field = key && FIELD_WORDS[key] ? key : undefined;
  const say = (message: string): InputProblem => ({ ...(field ? { field } : {}), message });
  switch (issue.code) {
    case 'too_big':
      if (issue.origin === 'string') return say(`${subject} can be at most ${String(issue.maximum)} characters.`);
      if (issue.origin === 'array' || issue.origin === 'set') return say(`${subject} can have at most ${String(issue.maximum)} entries.`);
      return say(`${subject} can be at most ${String(issue.maximum)}.`);
    case 'too_small':
      // Our own reason for a bound ("OWASP's minimum …") is said with it.
      if (issue.origin !== 'string' && issue.message && !issue.message.startsWith('Too small'))
        return say(`${subject} must be at least ${String(issue.minimum)}: ${issue.message}.`);
      if (issue.origin === 'string' && issue.message && !issue.message.startsWith('Too small')) break;
      if (issue.origin === 'string') return say(Number(issue.minimum) <= 1 ? `${subject} cannot be empty.` : `${subject} must be at least ${String(issue.minimum)} characters.`);
      return say(`${subject} must be at least ${String(issue.minimum)}.`);
    case 'invalid_type':
      if (issue.expected === 'number' || issue.expected === 'int') return say(`${subject} must be a whole number.`);
      if (issue.expected === 'boolean') return say(`${subject} must be on or off.`);
      return say(`${subject} is missing or not valid.`);
    case 'invalid_value':
      return say(`${subject} must be one of: ${issue.values.map(String).join(', ')}.`);
    case 'unrecognized_keys':
      return { message: `The request has a field Gatehouse does not know: ${issue.keys.map((k) => k.slice(0, 40)).join(', ')}.` };
    default:
      break;
  }
  const message = issue.message;
  if (/^(must|cannot|can't|is|are) /.test(message)) return say(`${subject} ${message.replace(/\.$/, '')}.`);
  return say(sentence(message));
}
