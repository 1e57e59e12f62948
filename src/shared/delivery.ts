import { z } from 'zod';
import type { AccountView } from './accounts.js';
import { TEXT_LIMITS } from './input-problems.js';

/**
 * How Gatehouse sends one-time codes: email through an SMTP server, texts through an HTTP
 * provider in the shape of Twilio's Messages API. Administrators set them; secrets (the SMTP
 * password, the SMS auth token) are kept in the encrypted store and never shown again.
 */

/** Implicit TLS (usually port 465), STARTTLS (587), or plain text to a test server on this machine only. */
export const SmtpTls = z.enum(['implicit', 'starttls', 'none-loopback-only']);
export type SmtpTls = z.infer<typeof SmtpTls>;

const Email = z
  .string()
  .trim()
  .max(TEXT_LIMITS.email)
  .regex(/^[^\s@,;<>()"[\]\\:]+@[^\s@,;<>()"[\]\\:]+$/, 'must be an email address');

export const SmtpSettingsInput = z
  .object({
    host: z.string().trim().min(1, 'give the SMTP host').max(253),
    port: z.number().int().min(1).max(65_535),
    tls: SmtpTls.default('starttls'),
    user: z.string().min(1).max(256).nullable().default(null),
    /** Given once; never shown again. */
    password: z.string().min(1).max(1024).nullable().default(null),
    from: Email,
  })
  .strict();
export type SmtpSettingsInput = z.input<typeof SmtpSettingsInput>;

/** A phone number in E.164: a plus, a country calling code, up to 15 digits in all. */
export const E164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be a phone number in international form, like +15551234567');

export const SmsSettingsInput = z
  .object({
    baseUrl: z.string().trim().url('must be a URL').max(2048),
    accountId: z.string().trim().min(1).max(128),
    /** Given once; never shown again. */
    authToken: z.string().min(1).max(1024),
    from: E164,
    /** Country calling codes texts may go to (1, 44…). None: no text is sent until an administrator chooses. */
    allowedCountryCodes: z.array(z.number().int().min(1).max(999)).max(300).default([]),
  })
  .strict();
export type SmsSettingsInput = z.input<typeof SmsSettingsInput>;

/** What administrators see of the delivery settings: never a password or token. */
export interface DeliveryView {
  email: { host: string; port: number; tls: SmtpTls; user: string | null; hasPassword: boolean; from: string } | null;
  sms: { baseUrl: string; accountId: string; from: string; allowedCountryCodes: number[] } | null;
}

/** How the sign-in page may offer codes: which channels are set up. */
export interface CodeChannels {
  email: boolean;
  sms: boolean;
}

/** A code is on its way: where (as the person typed it), and when a new one may be asked for. */
export interface CodeSent {
  flowId: string;
  channel: 'email' | 'sms';
  sentTo: string;
  resendAfterMs: number;
  expiresInMs: number;
}

/** A new email or phone, confirmed by the code typed back (or not). */
export type ContactChangeResult = { kind: 'changed'; account: AccountView } | { kind: 'failed' } | { kind: 'locked'; retryAfterMs?: number };
