import { z } from 'zod';
import type { AccountView } from './accounts.js';
import type { WireError } from './errors.js';
import type { AuthenticationExtensionsClientOutputs, PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import {
  PASSKEY_KINDS,
  type PasskeyView,
  type PasswordChangeOutcome,
  type ReauthOptions,
  type SecondFactorMethod,
  type SecondFactorsView,
  type SessionView,
  type TotpEnrolment,
} from './outcomes.js';
import type { PasswordProblem } from './policy.js';
import { HARD_MAX_PASSWORD_LENGTH, RequireMfa, type Policy } from './policy.js';
import { hasUnsafeText } from './text.js';
import type { Access, AccessRule } from './access.js';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES, type AuditAction, type AuditOutcome } from './audit.js';
import type { IdentityView, ProviderView } from './providers.js';
import { SmsSettingsInput, SmtpSettingsInput, type CodeChannels, type CodeSent, type ContactChangeResult, type DeliveryView } from './delivery.js';
import { cleanName, NAME_LIMITS, type NameKind } from './names.js';
import { TEXT_LIMITS } from './input-problems.js';

/**
 * The IPC contract: every channel, the schema its request must match, and the type of its
 * answer. Main builds its handler table from this, both transports serve it, and the preload
 * builds `window.gatehouse` from the same channel list. Requests are parsed, never cast.
 */

/** Declares a response type without a runtime schema: main produces it, so it is trusted. */
const returns = <T>() => undefined as unknown as T;

const Empty = z.object({}).strict();
/** Text a person typed that others will read: no control or bidi-override characters (see text.ts). */
const refuseUnsafe = (what: string) => [(text: string) => !hasUnsafeText(text), { error: `${what} cannot contain control or text-direction characters` }] as const;
const Email = z
  .string()
  .trim()
  .min(1, 'enter an email address')
  .max(TEXT_LIMITS.email)
  .refine(...refuseUnsafe('an email address'));
/** Passwords are bounded at the boundary too: hashing megabytes is a denial of service. */
const Password = z
  .string()
  .min(1, 'enter a password')
  .max(HARD_MAX_PASSWORD_LENGTH * 4);
/**
 * A name, by the rules the core applies (names.ts): the words a refusal gives are the core's.
 * `required` is the message for an empty one, when a name must be given.
 */
const Name = (kind: NameKind, required?: string) =>
  z
    .string()
    .max(NAME_LIMITS[kind] * 4)
    .superRefine((text, ctx) => {
      const cleaned = cleanName(kind, text);
      if (!cleaned.ok) ctx.addIssue({ code: 'custom', message: cleaned.problem });
      else if (required && cleaned.name === '') ctx.addIssue({ code: 'custom', message: required });
    });
const DisplayName = Name('displayName');
/** A provider, named as an administrator configured it (the core finds it case-insensitively). */
const ProviderName = z
  .string()
  .trim()
  .min(1, 'choose a provider')
  .max(NAME_LIMITS.provider * 4);
const FlowId = z.string().min(16).max(64);
const AuthenticatorName = Name('authenticator', 'give the authenticator a name');
/** A TOTP code or a recovery code as typed: spaces and hyphens are the core's to strip. */
const Code = z.string().trim().min(1, 'enter a code').max(TEXT_LIMITS.code);
const Proof = { kind: z.enum(['totp', 'recovery_code', 'sms']), code: Code };
const Base64Url = z
  .string()
  .regex(/^[A-Za-z0-9_-]*={0,2}$/, 'must be base64url')
  .max(16_384);
/** Extension outputs: an object, passed on to @simplewebauthn/server, which reads what it knows. */
const ExtensionResults = z.custom<AuthenticationExtensionsClientOutputs>((value) => typeof value === 'object' && value !== null && !Array.isArray(value), 'must be an object');
/** What @simplewebauthn/browser hands back; every byte of it is verified again in main. */
const RegistrationResponse = z.object({
  id: Base64Url,
  rawId: Base64Url,
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: Base64Url,
    attestationObject: Base64Url,
    authenticatorData: Base64Url.optional(),
    transports: z.array(z.string().max(32)).max(8).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: Base64Url.optional(),
  }),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults: ExtensionResults,
});
const AuthenticationResponse = z.object({
  id: Base64Url,
  rawId: Base64Url,
  type: z.literal('public-key'),
  response: z.object({ clientDataJSON: Base64Url, authenticatorData: Base64Url, signature: Base64Url, userHandle: Base64Url.optional() }),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults: ExtensionResults,
});
const PasskeyId = Base64Url.min(1).max(1024);

/**
 * What a sign-in step ends in. Outcomes are values, not exceptions: a wrong password is an
 * ordinary answer, and `failed` is deliberately bare (an unknown account and a wrong password
 * must be indistinguishable). Expired and second-factor outcomes point at a flow; the subject id
 * never leaves main. The core's results carry main's session (`Session`), the wire's the view.
 */
export type SignInResult<S = SessionView> =
  | { kind: 'success'; session: S; recoveryCodesLeft?: number }
  | { kind: 'failed' }
  | { kind: 'locked'; retryAfterMs?: number }
  | { kind: 'disabled' }
  | { kind: 'expired'; reason: 'max_age' | 'forced'; flowId: string }
  | { kind: 'second_factor_required'; flowId: string; methods: SecondFactorMethod[] }
  | { kind: 'mfa_enrolment_required'; flowId: string };

/** A step-up answers like the second step of a sign-in, without starting a session. */
export type StepUpResult = { kind: 'success'; recoveryCodesLeft?: number } | { kind: 'failed' } | { kind: 'locked'; retryAfterMs?: number };

/** A WebAuthn ceremony: the options for the browser, and the flow that holds its challenge. */
export interface PasskeyCeremony<Options> {
  flowId: string;
  options: Options;
}

/** Enrolment as the renderer shows it, once: the key, its URI and the QR code as an image. */
export interface TotpEnrolmentView extends TotpEnrolment {
  qrCode: string;
}

/** A "Continue with …" button: the provider's name, and whether it answered at the last try (null: not tried yet). */
export interface ProviderButton {
  name: string;
  reachable: boolean | null;
}

export interface AppStatus {
  /** No account yet: the first run creates the administrator. */
  needsSetup: boolean;
  session: SessionView | null;
  /** The policy in force, as far as a sign-up form needs it. */
  passwordMinLength: number;
  /**
   * Why the store cannot be used (a missing part, a wrong key, damage): the app shows this and
   * nothing else. Never a first run while any of the store is there.
   */
  storeProblem: WireError | null;
  /** The store's key is not in the keychain and an emergency kit is beside the store: access can be restored with its recovery key. */
  canRestoreWithKit: boolean;
}

/** About Gatehouse: what is running, where its store is, and what it is made of. */
export interface AboutView {
  version: string;
  /** The folder of the encrypted store (and its key file with the file keychain). */
  storeLocation: string;
  /** How a lock of the OS screen reaches Gatehouse: the OS tells (macOS, Windows), the desktop's D-Bus tells (Linux), or nothing does. */
  screenLock: 'os' | 'dbus' | 'not_detected';
  /** Every package shipped in the app, with its licence (SPDX), generated at build time. */
  licenses: { name: string; version: string; license: string }[];
}

export interface AuditEntryView {
  id: number;
  at: number;
  actor: string;
  action: AuditAction;
  email: string | null;
  method: string | null;
  outcome: AuditOutcome;
  detail: string | null;
}

/** Where "Back up now" writes, and how many backups it keeps there. */
export interface BackupsView {
  folder: string | null;
  keep: number;
  /** A backup a day, made by the app while it runs. */
  daily: boolean;
}

/** A new emergency kit, for showing once. */
export interface EmergencyKitView {
  recoveryKey: string;
  storeId: string;
  computer: string;
  madeAt: number;
  /** True when a kit is in force already: this one replaces it only once kept (admin.keepEmergencyKit). */
  pending: boolean;
}

export const contract = {
  'app.status': { access: 'public', request: Empty, response: returns<AppStatus>() },
  // Signed in only: the store's folder is nobody's business at the sign-in screen.
  'app.about': { access: 'session', request: Empty, response: returns<AboutView>() },
  // Only while the store cannot be opened for want of its key: the emergency kit's recovery key puts it back.
  'app.restoreWithKit': { access: 'public', request: z.object({ recoveryKey: z.string().max(200) }).strict(), response: returns<null>() },
  'setup.createAdmin': { access: 'public', request: z.object({ email: Email, displayName: DisplayName, password: Password }).strict(), response: returns<SignInResult>() },
  'password.check': {
    access: 'public',
    request: z.object({ password: z.string().max(HARD_MAX_PASSWORD_LENGTH * 4), email: Email.optional() }).strict(),
    response: returns<{ problems: PasswordProblem[]; minLength: number }>(),
  },
  'auth.signIn': { access: 'public', request: z.object({ email: Email, password: Password }).strict(), response: returns<SignInResult>() },
  'auth.completePasswordChange': { access: 'flow', request: z.object({ flowId: FlowId, newPassword: Password }).strict(), response: returns<SignInResult>() },
  'auth.secondFactor': { access: 'flow', request: z.object({ flowId: FlowId, ...Proof }).strict(), response: returns<SignInResult>() },
  'auth.enrolBegin': { access: 'flow', request: z.object({ flowId: FlowId, name: AuthenticatorName }).strict(), response: returns<TotpEnrolmentView>() },
  'auth.enrolConfirm': {
    access: 'flow',
    request: z.object({ flowId: FlowId, name: AuthenticatorName, code: Code }).strict(),
    response: returns<{ result: SignInResult; recoveryCodes: string[] }>(),
  },
  'auth.codeChannels': { access: 'public', request: Empty, response: returns<CodeChannels>() },
  'auth.codeRequest': {
    access: 'public',
    request: z.object({ channel: z.enum(['email', 'sms']), to: z.string().max(TEXT_LIMITS.emailOrPhone) }).strict(),
    response: returns<CodeSent>(),
  },
  'auth.codeResend': { access: 'flow', request: z.object({ flowId: FlowId }).strict(), response: returns<CodeSent>() },
  'auth.codeVerify': { access: 'flow', request: z.object({ flowId: FlowId, code: z.string().max(32) }).strict(), response: returns<SignInResult>() },
  'auth.passkeyBegin': { access: 'public', request: Empty, response: returns<PasskeyCeremony<PublicKeyCredentialRequestOptionsJSON>>() },
  'auth.passkeyFinish': { access: 'flow', request: z.object({ flowId: FlowId, response: AuthenticationResponse }).strict(), response: returns<SignInResult>() },
  'auth.textSecondFactor': { access: 'flow', request: z.object({ flowId: FlowId }).strict(), response: returns<CodeSent>() },
  'auth.passkeySecondFactorBegin': { access: 'flow', request: z.object({ flowId: FlowId }).strict(), response: returns<PasskeyCeremony<PublicKeyCredentialRequestOptionsJSON>>() },
  'auth.passkeySecondFactorFinish': {
    access: 'flow',
    request: z.object({ flowId: FlowId, passkeyFlowId: FlowId, response: AuthenticationResponse }).strict(),
    response: returns<SignInResult>(),
  },
  'auth.providers': { access: 'public', request: Empty, response: returns<ProviderButton[]>() },
  'auth.providerBegin': {
    access: 'public',
    request: z
      .object({
        name: ProviderName,
      })
      .strict(),
    response: returns<{ flowId: string }>(),
  },
  'auth.providerFinish': { access: 'flow', request: z.object({ flowId: FlowId }).strict(), response: returns<SignInResult>() },
  'auth.providerCancel': { access: 'flow', request: z.object({ flowId: FlowId }).strict(), response: returns<null>() },
  'auth.providerReopen': { access: 'flow', request: z.object({ flowId: FlowId }).strict(), response: returns<null>() },
  'session.get': { access: 'public', request: Empty, response: returns<SessionView | null>() },
  'session.stepUp': { access: 'session', request: z.object(Proof).strict(), response: returns<StepUpResult>() },
  // A step-up by passkey: an assertion limited to the session's own account, then checked as a second factor.
  'session.stepUpPasskeyBegin': { access: 'session', request: Empty, response: returns<PasskeyCeremony<PublicKeyCredentialRequestOptionsJSON>>() },
  'session.stepUpPasskeyFinish': { access: 'session', request: z.object({ flowId: FlowId, response: AuthenticationResponse }).strict(), response: returns<StepUpResult>() },
  'session.confirmPassword': { access: 'session', request: z.object({ password: Password }).strict(), response: returns<StepUpResult>() },
  // Also asked by the lock screen: whose session it is, it already shows.
  'session.reauthOptions': { access: 'own-session', request: Empty, response: returns<ReauthOptions>() },
  // "Confirm it's you" by a fresh login at a linked provider; cancel and reopen as for a sign-in (auth.providerCancel, auth.providerReopen).
  'session.reauthProviderBegin': { access: 'session', request: z.object({ name: ProviderName }).strict(), response: returns<{ flowId: string }>() },
  'session.reauthProviderFinish': { access: 'session', request: z.object({ flowId: FlowId }).strict(), response: returns<StepUpResult>() },
  'session.touch': { access: 'public', request: Empty, response: returns<SessionView | null>() },
  'session.lock': { access: 'public', request: Empty, response: returns<SessionView | null>() },
  'session.unlock': { access: 'own-session', request: z.object({ password: Password }).strict(), response: returns<SignInResult>() },
  'session.unlockWithProviderBegin': { access: 'own-session', request: z.object({ name: ProviderName }).strict(), response: returns<{ flowId: string }>() },
  'session.unlockWithProviderFinish': { access: 'own-session', request: z.object({ flowId: FlowId }).strict(), response: returns<SignInResult>() },
  // The same with a passkey of the locked account (its passkeys only, user verification required).
  'session.unlockWithPasskeyBegin': { access: 'own-session', request: Empty, response: returns<PasskeyCeremony<PublicKeyCredentialRequestOptionsJSON>>() },
  'session.unlockWithPasskeyFinish': { access: 'own-session', request: z.object({ flowId: FlowId, response: AuthenticationResponse }).strict(), response: returns<SignInResult>() },
  'session.signOut': { access: 'public', request: Empty, response: returns<null>() },
  'account.get': { access: 'session', request: Empty, response: returns<AccountView>() },
  // A new email or phone is a new way to get codes: a fresh second factor or sign-in first.
  'account.contactBegin': {
    access: 'fresh-auth',
    request: z.object({ channel: z.enum(['email', 'sms']), to: z.string().max(TEXT_LIMITS.emailOrPhone) }).strict(),
    response: returns<CodeSent>(),
  },
  'account.contactConfirm': { access: 'session', request: z.object({ flowId: FlowId, code: z.string().max(32) }).strict(), response: returns<ContactChangeResult>() },
  'account.removePhone': { access: 'fresh-auth', request: Empty, response: returns<AccountView>() },
  'account.rename': { access: 'session', request: z.object({ displayName: DisplayName }).strict(), response: returns<AccountView>() },
  'account.changePassword': { access: 'recent-mfa', request: z.object({ currentPassword: Password, newPassword: Password }).strict(), response: returns<PasswordChangeOutcome>() },
  'account.setPassword': { access: 'fresh-auth', request: z.object({ newPassword: Password }).strict(), response: returns<AccountView>() },
  'account.secondFactors': { access: 'session', request: Empty, response: returns<SecondFactorsView>() },
  'account.totpBegin': { access: 'fresh-auth', request: z.object({ name: AuthenticatorName }).strict(), response: returns<TotpEnrolmentView>() },
  'account.totpConfirm': { access: 'session', request: z.object({ name: AuthenticatorName, code: Code }).strict(), response: returns<{ recoveryCodes: string[] | null }>() },
  'account.totpRemove': { access: 'recent-mfa', request: z.object({ name: AuthenticatorName }).strict(), response: returns<SecondFactorsView>() },
  'account.regenerateRecoveryCodes': { access: 'recent-mfa', request: Empty, response: returns<{ recoveryCodes: string[] }>() },
  'account.identities': { access: 'session', request: Empty, response: returns<IdentityView[]>() },
  'account.linkProviderBegin': {
    access: 'fresh-auth',
    request: z
      .object({
        name: ProviderName,
      })
      .strict(),
    response: returns<{ flowId: string }>(),
  },
  'account.linkProviderFinish': { access: 'session', request: z.object({ flowId: FlowId }).strict(), response: returns<IdentityView[]>() },
  'account.unlinkProvider': {
    access: 'fresh-auth',
    request: z
      .object({
        provider: ProviderName,
      })
      .strict(),
    response: returns<IdentityView[]>(),
  },
  'account.passkeys': { access: 'session', request: Empty, response: returns<PasskeyView[]>() },
  'account.passkeyBegin': {
    access: 'fresh-auth',
    request: z.object({ kind: z.enum(PASSKEY_KINDS) }).strict(),
    response: returns<PasskeyCeremony<PublicKeyCredentialCreationOptionsJSON>>(),
  },
  'account.passkeyFinish': {
    access: 'session',
    request: z.object({ flowId: FlowId, name: Name('passkey'), response: RegistrationResponse }).strict(),
    // The account's first second factor brings its recovery codes, shown once.
    response: returns<{ passkey: PasskeyView; recoveryCodes: string[] | null }>(),
  },
  'account.passkeyRename': { access: 'session', request: z.object({ id: PasskeyId, name: Name('passkey', 'give the passkey a name') }).strict(), response: returns<PasskeyView>() },
  'account.passkeyRemove': { access: 'fresh-auth', request: z.object({ id: PasskeyId }).strict(), response: returns<PasskeyView[]>() },
  'admin.listAccounts': { access: 'admin', request: Empty, response: returns<AccountView[]>() },
  'admin.createAccount': {
    // Making an administrator widens access: a fresh second factor first.
    access: (request: { isAdmin: boolean }) => (request.isAdmin ? 'admin-mfa' : 'admin'),
    request: z.object({ email: Email, displayName: DisplayName.optional(), password: Password, isAdmin: z.boolean(), mustChangePassword: z.boolean() }).strict(),
    response: returns<AccountView>(),
  },
  'admin.disable': { access: 'admin', request: z.object({ email: Email }).strict(), response: returns<AccountView>() },
  'admin.enable': { access: 'admin', request: z.object({ email: Email }).strict(), response: returns<AccountView>() },
  'admin.unlock': { access: 'admin', request: z.object({ email: Email }).strict(), response: returns<AccountView>() },
  'admin.expirePassword': { access: 'admin', request: z.object({ email: Email }).strict(), response: returns<AccountView>() },
  'admin.delete': { access: 'admin', request: z.object({ email: Email }).strict(), response: returns<null>() },
  'admin.rename': { access: 'admin', request: z.object({ email: Email, displayName: DisplayName }).strict(), response: returns<AccountView>() },
  // Who may administer, someone else's way in, their second factors: each asks the administrator for a fresh second factor.
  'admin.setRole': { access: 'admin-mfa', request: z.object({ email: Email, isAdmin: z.boolean() }).strict(), response: returns<AccountView>() },
  'admin.setTemporaryPassword': { access: 'admin-mfa', request: z.object({ email: Email, password: Password }).strict(), response: returns<AccountView>() },
  'admin.resetSecondFactors': { access: 'admin-mfa', request: z.object({ email: Email }).strict(), response: returns<AccountView>() },
  'admin.setRequireMfa': { access: 'admin-mfa', request: z.object({ email: Email, required: z.boolean() }).strict(), response: returns<AccountView>() },
  // A page of the trail, newest first: filters, a date range, and `before` (the last id seen) for the next page.
  'admin.audit': {
    access: 'admin',
    request: z
      .object({
        email: z.string().trim().max(TEXT_LIMITS.email).optional(),
        action: z.enum(AUDIT_ACTIONS).optional(),
        outcome: z.enum(AUDIT_OUTCOMES).optional(),
        since: z.number().int().min(0).optional(),
        until: z.number().int().min(0).optional(),
        before: z.number().int().min(1).optional(),
        limit: z.number().int().min(1).max(500).optional(),
      })
      .strict(),
    response: returns<{ entries: AuditEntryView[]; more: boolean }>(),
  },
  'admin.providers': { access: 'admin', request: Empty, response: returns<ProviderView[]>() },
  // A provider that may create accounts widens who gets in: a fresh second factor first.
  'admin.addProvider': {
    access: 'admin-mfa',
    request: z
      .object({
        name: z.string().max(NAME_LIMITS.provider * 4),
        issuer: z.string().trim().min(1, 'enter the issuer URL').max(2048),
        clientId: z.string().trim().min(1, 'enter the client id').max(1024),
        clientSecret: z.string().max(1024).optional(),
        scopes: z.string().max(1024).optional(),
        allowRegistration: z.boolean(),
        emailClaim: z.string().max(64).optional(),
        dangerouslyAllowInsecureLoopbackIssuer: z.boolean(),
        trustMfa: z.boolean().optional(),
        mfaAcr: z.string().max(2048).optional(),
      })
      .strict(),
    response: returns<ProviderView>(),
  },
  'admin.testProvider': {
    access: 'admin',
    request: z
      .object({
        name: ProviderName,
      })
      .strict(),
    response: returns<ProviderView>(),
  },
  'admin.removeProvider': {
    access: 'admin-mfa',
    request: z
      .object({
        name: ProviderName,
        unlinkAll: z.boolean(),
      })
      .strict(),
    response: returns<ProviderView[]>(),
  },
  'admin.delivery': { access: 'admin', request: Empty, response: returns<DeliveryView>() },
  // Where codes go, and with which secrets: a fresh second factor first.
  'admin.setSmtp': { access: 'admin-mfa', request: SmtpSettingsInput, response: returns<DeliveryView>() },
  'admin.setSms': { access: 'admin-mfa', request: SmsSettingsInput, response: returns<DeliveryView>() },
  'admin.testDelivery': {
    access: 'admin',
    request: z.object({ to: z.string().max(TEXT_LIMITS.emailOrPhone) }).strict(),
    response: returns<{ sentTo: string; channel: 'email' | 'sms' }>(),
  },
  // A new emergency kit: the recovery key is shown once, like recovery codes; the earlier kit stops working.
  'admin.createEmergencyKit': { access: 'admin-mfa', request: Empty, response: returns<EmergencyKitView>() },
  'admin.keepEmergencyKit': { access: 'admin', request: Empty, response: returns<null>() },
  'admin.backups': { access: 'admin', request: Empty, response: returns<BackupsView>() },
  // Where every account's data goes: a fresh second factor first.
  'admin.setBackupFolder': {
    access: 'admin-mfa',
    request: z.object({ folder: z.string().trim().min(1, 'enter a folder').max(4096), keep: z.number().int().min(1).max(100), daily: z.boolean() }).strict(),
    response: returns<BackupsView>(),
  },
  // Re-encrypts the store under a new key: any other Gatehouse with the store open makes it refuse (busy).
  'admin.rotateStoreKey': { access: 'admin-mfa', request: Empty, response: returns<{ kitUpdated: boolean; rotatedAt: number }>() },
  'admin.backupNow': { access: 'admin', request: Empty, response: returns<{ file: string; madeAt: number; removed: number }>() },
  'admin.getPolicy': { access: 'admin', request: Empty, response: returns<Policy>() },
  'admin.updatePolicy': {
    access: 'admin-mfa',
    request: z
      .object({
        passwordMinLength: z.number().int(),
        passwordMinLengthWithMfa: z.number().int(),
        passwordMaxLength: z.number().int(),
        passwordComposition: z.boolean(),
        passwordHistory: z.number().int(),
        passwordMaxAgeDays: z.number().int().nullable(),
        // Its bounds (OWASP's minimum) are the policy's, checked in main with the rest.
        passwordHashing: z.object({ memoryMiB: z.number().int(), iterations: z.number().int(), parallelism: z.number().int() }).strict().nullable(),
        requireMfa: RequireMfa,
        throttleMaxFailures: z.number().int(),
        throttleWindowMinutes: z.number().int(),
        throttleBlockMinutes: z.number().int(),
        lockoutAfterFailures: z.number().int(),
        idleLockMinutes: z.number().int(),
        auditRetentionDays: z.number().int().nullable(),
        otpAutoRegister: z.boolean(),
        otpLifetimeMinutes: z.number().int(),
        smsHourlyCap: z.number().int(),
        smsSecondFactor: z.boolean(),
      })
      .partial()
      .strict(),
    response: returns<Policy>(),
  },
} as const satisfies Record<string, ChannelSpec>;

/** What every channel declares: who may call it, what its request must be, what it answers. */
interface ChannelSpec {
  access: AccessRule<never>;
  request: z.ZodType;
  response: unknown;
}

/** The access a request needs: the channel's own, or what this request raises it to. */
export function accessFor<C extends Channel>(channel: C, request: z.output<Contract[C]['request']>): Access {
  const rule = contract[channel].access as AccessRule<typeof request>;
  return typeof rule === 'function' ? rule(request) : rule;
}

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type RequestOf<C extends Channel> = z.input<Contract[C]['request']>;
export type ResponseOf<C extends Channel> = Contract[C]['response'];

/** What crosses the wire: a value, or a code and a message fit for the user. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: WireError };
