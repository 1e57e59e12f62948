// Loaded when a code is first checked: commands that never check one start without it.
const otp = () => import('otplib');
import type { RandomSource } from '../../../common/ports.js';
import { encodeBase32, RFC4648 } from '../../../common/base32.js';

/** RFC 6238 as Gatehouse uses it: SHA-1, 6 digits, 30-second steps, one step either side. */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** RFC 4226 §4: at least 128 bits, 160 recommended — the length of an HMAC-SHA-1 key. */
export const TOTP_SECRET_BYTES = 20;

export function createTotpSecret(random: RandomSource): string {
  return encodeBase32(random.bytes(TOTP_SECRET_BYTES), RFC4648);
}

/** The Key URI an authenticator app scans: otpauth://totp/Gatehouse:<email>?secret=…&issuer=Gatehouse */
export function totpUri(secret: string, email: string): string {
  return `otpauth://totp/${encodeURIComponent('Gatehouse')}:${encodeURIComponent(email)}?secret=${secret}&issuer=Gatehouse`;
}

/** "ABCD EFGH …": the key as people type it from the screen. */
export function groupSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

/** People paste "123 456" or "123-456": keep the digits, refuse anything else. */
export function normaliseTotpCode(input: string): string | null {
  const code = input.replace(/[\s-]/g, '');
  return new RegExp(`^\\d{${TOTP_DIGITS}}$`).test(code) ? code : null;
}

export function timeStepAt(nowMs: number): number {
  return Math.floor(nowMs / 1000 / TOTP_PERIOD_SECONDS);
}

export async function totpCodeAt(secret: string, nowMs: number, digits = TOTP_DIGITS): Promise<string> {
  const { generate } = await otp();
  return generate({ secret, epoch: Math.floor(nowMs / 1000), period: TOTP_PERIOD_SECONDS, digits: digits as 6, algorithm: 'sha1' });
}

/**
 * Checks a code within ±1 step of now, and never at or below `afterStep` (RFC 6238 §5.2: a
 * code is accepted once). Answers the step that matched, so the caller can record it.
 */
export async function verifyTotpCode(secret: string, input: string, nowMs: number, afterStep: number | null): Promise<{ valid: true; step: number } | { valid: false }> {
  const code = normaliseTotpCode(input);
  if (code === null) return { valid: false };
  // Every step in the window is already used: nothing to check (and otplib refuses such bounds).
  if (afterStep !== null && afterStep >= timeStepAt(nowMs) + 1) return { valid: false };
  const { verify } = await otp();
  const result = await verify({
    secret,
    token: code,
    epoch: Math.floor(nowMs / 1000),
    period: TOTP_PERIOD_SECONDS,
    digits: TOTP_DIGITS,
    algorithm: 'sha1',
    epochTolerance: TOTP_PERIOD_SECONDS,
    ...(afterStep !== null ? { afterTimeStep: afterStep } : {}),
  });
  return result.valid ? { valid: true, step: timeStepAt(nowMs) + result.delta } : { valid: false };
}
