/** What the renderer may see of sessions, second factors and passkeys: views, never secrets. */

/** RFC 8176 authentication method reference values used by Gatehouse. */
export type Amr = 'pwd' | 'otp' | 'sms' | 'mfa' | 'hwk' | 'swk' | 'user' | 'ext';

/** A provider's word on how it signed the person in: its name, and its own `amr` values (already filtered to short tokens). */
export interface ProviderAssertion {
  provider: string;
  amr: string[];
}

/** How a signed-in account can confirm it's the person before a sensitive action, when no second factor is asked. */
export interface ReauthOptions {
  password: boolean;
  /** Providers linked to the account, by name: a fresh login at one of them counts. */
  providers: string[];
  /** The account has a passkey: the lock screen offers it. */
  passkey: boolean;
  /** What a step-up may ask for, strongest first: empty when the account has no second factor. */
  secondFactors: SecondFactorMethod[];
}

/** What the renderer may see of the session: never the subject id or any secret. */
export interface SessionView {
  email: string;
  displayName: string;
  isAdmin: boolean;
  amr: Amr[];
  /** Signed in through a provider: its name, and the methods it says it used (its own `amr`, shown, never relied on). */
  viaProvider?: ProviderAssertion;
  authTime: number;
  locked: boolean;
  /** The idle period after which the session locks, so the UI can say so. */
  idleLockMs: number;
}

export type SecondFactorMethod = 'totp' | 'recovery_code' | 'sms' | 'passkey';

/**
 * What is being registered: a passkey of this device (user verification required), a security
 * key as a passkey (a PIN or fingerprint, discoverable), or a security key as a second step only
 * (no PIN: what Electron can make where no platform authenticator exists, having no PIN prompt).
 */
export const PASSKEY_KINDS = ['platform', 'security_key', 'second_step_key'] as const;
export type PasskeyKind = (typeof PASSKEY_KINDS)[number];

export interface PasskeyView {
  id: string;
  name: string;
  createdAt: number;
  lastUsedAt: number | null;
  /** Synced (backed up by a passkey provider) or bound to one device. */
  synced: boolean;
  /** The authenticator's model, from its AAGUID, where it is known. */
  provider: string | null;
  /** A security key that did not verify its user (no PIN, no fingerprint): a second step after a password, not a sign-in on its own. */
  secondStepOnly: boolean;
}

/** A second factor as the user gives it. */
export type SecondFactorProof = { kind: 'totp'; code: string } | { kind: 'recovery_code'; code: string } | { kind: 'sms'; code: string };

export interface AuthenticatorView {
  name: string;
  addedAt: number;
  lastUsedAt: number | null;
}

export interface SecondFactorsView {
  authenticators: AuthenticatorView[];
  /** Passkeys count as a second factor too (their list is account.passkeys). */
  passkeys: number;
  recoveryCodesRemaining: number;
}

/** Shown once, during enrolment only: the key as text and as the URI behind the QR code. */
export interface TotpEnrolment {
  name: string;
  secret: string;
  uri: string;
  expiresAt: number;
  /** A setup of the same name was waiting: this key replaces the one given then. */
  replacedPending?: true;
}

/** A password change: the same shape of answer as a sign-in, for the same reasons. */
export type PasswordChangeOutcome = { kind: 'success' } | { kind: 'failed' } | { kind: 'locked'; retryAfterMs?: number };

const AMR_WORDS: Partial<Record<Amr, string>> = {
  pwd: 'your password',
  sms: 'a texted code',
  hwk: 'a passkey kept on one device',
  swk: 'a synced passkey',
};

/** "a, b and c" */
export function listInWords(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)!}`;
}

/**
 * How a session was established, in the words the app and the CLI both use: "your password and
 * a one-time code (two-step verification)". `mfa` is said once, `user` (the passkey's own check)
 * goes without saying, and `ext` is the provider's name.
 */
export function describeAmr(amr: readonly Amr[], provider?: string): string {
  // amr lists the first factor first: a one-time code there was emailed; after another, it came from an authenticator app.
  const word = (m: Amr, i: number): string | undefined => (m === 'otp' ? (i === 0 ? 'an emailed code' : 'a code from your authenticator app') : AMR_WORDS[m]);
  const methods = amr.flatMap((m, i) => (m === 'ext' ? [provider ?? 'an external provider'] : word(m, i) ? [word(m, i)!] : []));
  const said = methods.length > 0 ? listInWords(methods) : 'a recovery code';
  return amr.includes('mfa') ? `${said} (two-step verification)` : said;
}
