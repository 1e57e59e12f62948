import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { Amr, PasskeyKind, Policy, ReauthOptions, SecondFactorMethod, SecondFactorsView } from '../../shared/index.js';
import { GatehouseError } from '../common/errors.js';
import type { AuditQuery, AuditEntry } from '../store/audit.js';
import type { UserRecord } from '../store/users.js';
import * as accounts from './accounts/accounts.js';
import { audit } from './audit.js';
import { availableParallelism } from 'node:os';
import { calibrate } from './passwords/calibrate.js';
import { createContext, type Actor, type CoreContext, type CoreDeps } from './context.js';
import { displayAttemptKey } from './email.js';
import type { FactorProof } from './factors/factor.js';
import { beginPasskeyRegistration, finishPasskeyRegistration } from './factors/passkey/ceremonies.js';
import { listPasskeys, removePasskey, renamePasskey } from './factors/passkey/manage.js';
import { regenerateRecoveryCodes } from './factors/recovery-code/manage.js';
import { beginFactor, sameAsFirst, secondFactorMethods, verifyFactor } from './factors/registry.js';
import { hasSecondFactor } from './assurance.js';
import { beginTotpEnrolment, confirmTotpEnrolment, removeTotp } from './factors/totp/manage.js';
import { maintain, pruneAudit } from './maintenance.js';
import { changePassword, confirmPassword, setFirstPassword } from './passwords/change.js';
import { dummyPasswordHash, dummyRecoveryCodeHash } from './passwords/hashing.js';
import { checkNewPassword } from './passwords/policy.js';
import { mfaRequiredFor, writePolicy } from './policy-settings.js';
import { beginPasskeySignIn, finishPasskeySignIn } from './sign-in/passkey.js';
import { signInWithPassword } from './sign-in/password.js';
import * as transitions from './sign-in/transitions.js';
import * as providers from './providers/providers.js';
import { listIdentities, unlinkIdentity } from './providers/identities.js';
import { beginProviderSignIn, finishProviderLink, finishProviderReauthentication, finishProviderSignIn, finishProviderUnlock } from './sign-in/provider.js';
import type { ProviderPurpose } from './flows.js';
import { requestCode, resendCode, verifyCode } from './sign-in/one-time-code.js';
import * as delivery from './delivery/delivery.js';
import * as contacts from './accounts/contacts.js';

/**
 * The user-management core over one open store, in named parts that follow the contract's
 * namespaces (docs/contributing.md maps one to the other). Every entry point that changes
 * something takes the acting party, so that the audit trail can name it. Rules live in the
 * modules behind each part; this file only wires them.
 */
export function createGatehouse(deps: CoreDeps) {
  const ctx = createContext(deps);
  return {
    /** Makes sure the first sign-in of a process costs no more than any other. */
    prepare: async (): Promise<void> => {
      await dummyPasswordHash(ctx);
      await dummyRecoveryCodeHash(ctx);
      maintain(ctx);
    },
    /** A store failure (damage, a full disk, a read-only file) in words a person can act on; null for anything else. */
    storeFailure: (error: unknown) => ctx.store.failure(error),
    signIn: signInPart(ctx),
    selfService: selfServicePart(ctx),
    passkeys: passkeysPart(ctx),
    accounts: accountsPart(ctx),
    policy: policyPart(ctx),
    audit: auditPart(ctx),
    providers: providersPart(ctx),
    delivery: deliveryPart(ctx),
  };
}

export type Gatehouse = ReturnType<typeof createGatehouse>;

/** An entry as people read it: an attempt under something that was not an address says so. */
const forPeople = (entry: AuditEntry): AuditEntry => ({ ...entry, email: entry.email && displayAttemptKey(entry.email) });

/** The account behind a session or a CLI lookup; ids come from there, never from the renderer. */
function userById(ctx: CoreContext, id: string): UserRecord {
  const record = ctx.store.users.findById(id);
  if (!record) throw new GatehouseError('not_found', 'This account no longer exists.');
  return record;
}

/** Signing in, step by step (sign-in/transitions.ts): anonymous until it succeeds. */
function signInPart(ctx: CoreContext) {
  return {
    password: (email: string, password: string, actor?: Actor) => signInWithPassword(ctx, email, password, actor),
    beginPasskey: () => beginPasskeySignIn(ctx),
    finishPasskey: (flowId: string, response: AuthenticationResponseJSON, actor: Actor) => finishPasskeySignIn(ctx, flowId, response, actor),
    /** Unlocking a locked session with a passkey: a sign-in limited to that account's passkeys. */
    beginPasskeyUnlock: (userId: string) => beginPasskeySignIn(ctx, userById(ctx, userId)),
    finishPasskeyUnlock: (userId: string, flowId: string, response: AuthenticationResponseJSON, actor: Actor) => finishPasskeySignIn(ctx, flowId, response, actor, userId),
    /** The challenge of a second step that has one (a passkey). */
    beginSecondFactor: (flowId: string, method: SecondFactorMethod) => transitions.beginSecondFactor(ctx, flowId, method),
    secondFactor: (flowId: string, proof: FactorProof, actor: Actor) => transitions.completeSecondFactor(ctx, flowId, proof, actor),
    beginEnrolment: (flowId: string, name: string, actor: Actor) => transitions.beginRequiredEnrolment(ctx, flowId, name, actor),
    confirmEnrolment: (flowId: string, name: string, code: string, actor: Actor) => transitions.confirmRequiredEnrolment(ctx, flowId, name, code, actor),
    completePasswordChange: (flowId: string, newPassword: string, actor: Actor) => transitions.completeExpiredPasswordChange(ctx, flowId, newPassword, actor),
    /** An authorization request for the system browser, answered at `redirectUri` (a loopback listener). */
    /** For a signed-in account, `purpose` may instead link an identity to it, or prove it again by a fresh login there. */
    beginProvider: (name: string, redirectUri: string, actor: Actor, purpose?: ProviderPurpose) => beginProviderSignIn(ctx, name, redirectUri, actor, purpose),
    finishProvider: (flowId: string, callbackUrl: URL, actor: Actor) => finishProviderSignIn(ctx, flowId, callbackUrl, actor),
    /** A second-step code texted to the account's verified phone (when the policy allows it). */
    textSecondFactor: (flowId: string, actor: Actor) => transitions.textSecondStep(ctx, flowId, actor),
    /** A code by email or text: sent (or refused, by a limit or a failure), then typed in. */
    requestCode: (channel: 'email' | 'sms', to: string, actor: Actor) => requestCode(ctx, channel, to, actor),
    resendCode: (flowId: string, actor: Actor) => resendCode(ctx, flowId, actor),
    verifyCode: (flowId: string, code: string, actor: Actor) => verifyCode(ctx, flowId, code, actor),
    /** Which code channels are set up, for the sign-in page (texts once some country is allowed). */
    codeChannels: () => ({ email: delivery.readSmtp(ctx) !== null, sms: (delivery.readSms(ctx)?.allowedCountryCodes.length ?? 0) > 0 }),
    /** Unlocking a locked session by a fresh login at a provider linked to its account (begun with purpose `unlock`). */
    finishProviderUnlock: (userId: string, flowId: string, callbackUrl: URL, actor: Actor) => finishProviderUnlock(ctx, flowId, callbackUrl, userId, actor),
  };
}

/** What a signed-in person does to their own account: by the session's user id. */
function selfServicePart(ctx: CoreContext) {
  return {
    rename: (userId: string, displayName: string, actor: Actor) => accounts.renameAccount(ctx, userId, displayName, actor),
    changePassword: (userId: string, current: string, next: string, actor: Actor) => changePassword(ctx, userId, current, next, actor),
    confirmPassword: (userId: string, password: string, actor: Actor) => confirmPassword(ctx, userId, password, actor),
    /** The same, by a fresh login at a provider linked to the account (begun with purpose `reauth`). */
    confirmWithProvider: (userId: string, flowId: string, callbackUrl: URL, actor: Actor) => finishProviderReauthentication(ctx, flowId, callbackUrl, userId, actor),
    /** How this account can confirm it's the person: its password, a fresh login at a linked provider. */
    reauthOptions: (userId: string): ReauthOptions => ({
      password: userById(ctx, userId).passwordHash !== null,
      providers: listIdentities(ctx, userId).map((i) => i.provider),
      // Unlocking by passkey is a sign-in on its own: a key kept as a second step cannot.
      passkey: ctx.store.passkeys.listForUser(userId).some((p) => p.userVerified),
      // Strongest first; a texted code is a sign-in's alternative, not a step-up's.
      secondFactors: (['passkey', 'totp', 'recovery_code'] as const).filter((m) => secondFactorMethods(ctx, userId).includes(m)),
    }),
    /** The challenge of a step-up by passkey: an assertion limited to this account's passkeys. */
    beginPasskeyStepUp: (userId: string) => beginFactor(ctx, 'passkey', userById(ctx, userId)),
    /** A new email or phone, proved by a code sent to it; or the phone taken off. */
    beginContactChange: (userId: string, channel: 'email' | 'sms', to: string, actor: Actor) => contacts.beginContactChange(ctx, userId, channel, to, actor),
    confirmContactChange: (userId: string, flowId: string, code: string, actor: Actor) => contacts.confirmContactChange(ctx, userId, flowId, code, actor),
    removePhone: (userId: string, actor: Actor) => contacts.removePhone(ctx, userId, actor),
    /** A first password, for an account that signs in without one. */
    setPassword: (userId: string, password: string, actor: Actor) => setFirstPassword(ctx, userId, password, actor),
    /** A fresh second factor for a sensitive action. */
    stepUp: (userId: string, proof: FactorProof, actor: Actor, sessionAmr: Amr[] = []) =>
      sameAsFirst(proof.kind, sessionAmr) ? Promise.resolve({ kind: 'failed' as const }) : verifyFactor(ctx, userById(ctx, userId), proof, actor, 'step_up'),
    hasSecondFactor: (userId: string) => hasSecondFactor(ctx, userId),
    secondFactors: (userId: string): SecondFactorsView => ({
      authenticators: ctx.store.totp.listActive(userId).map((t) => ({ name: t.name, addedAt: t.activatedAt ?? t.createdAt, lastUsedAt: t.lastUsedAt })),
      passkeys: ctx.store.passkeys.countForUser(userId),
      recoveryCodesRemaining: ctx.store.recoveryCodes.countUnused(userId),
    }),
    beginTotp: (userId: string, name: string, actor: Actor) => beginTotpEnrolment(ctx, userById(ctx, userId), name, actor),
    confirmTotp: (userId: string, name: string, code: string, actor: Actor) => confirmTotpEnrolment(ctx, userById(ctx, userId), name, code, actor),
    removeTotp: (userId: string, name: string, actor: Actor) => removeTotp(ctx, userById(ctx, userId), name, actor),
    regenerateRecoveryCodes: (userId: string, actor: Actor) => regenerateRecoveryCodes(ctx, userById(ctx, userId), actor),
  };
}

/** Registering and managing passkeys (signing in with one is in `signIn`). */
function passkeysPart(ctx: CoreContext) {
  return {
    beginRegistration: (userId: string, kind: PasskeyKind) => beginPasskeyRegistration(ctx, userById(ctx, userId), kind),
    finishRegistration: (userId: string, flowId: string, response: RegistrationResponseJSON, name: string, actor: Actor) =>
      finishPasskeyRegistration(ctx, userById(ctx, userId), flowId, response, name, actor),
    list: (userId: string) => listPasskeys(ctx, userId),
    rename: (userId: string, id: string, name: string, actor: Actor) => renamePasskey(ctx, userById(ctx, userId), id, name, actor),
    remove: (userId: string, id: string, actor: Actor) => removePasskey(ctx, userById(ctx, userId), id, actor),
    /** The name Gatehouse knows a credential by, for the OS keychain's list; null when it knows none. */
    nameOf: (credentialId: string) => ctx.store.passkeys.find(credentialId)?.name ?? null,
  };
}

/** The accounts on this machine, as administrators and the CLI manage them: by email. */
function accountsPart(ctx: CoreContext) {
  return {
    isEmpty: () => ctx.store.users.count() === 0,
    create: (input: accounts.NewAccount, actor: Actor) => accounts.createAccount(ctx, input, actor),
    list: (page?: { afterEmail?: string; limit?: number }) => accounts.listAccounts(ctx, page),
    show: (email: string) => accounts.showAccount(ctx, email),
    byId: (id: string) => {
      const user = ctx.store.users.findById(id);
      return user && accounts.toAccountView(ctx, user);
    },
    disable: (email: string, actor: Actor) => accounts.disableAccount(ctx, email, actor),
    enable: (email: string, actor: Actor) => accounts.enableAccount(ctx, email, actor),
    unlock: (email: string, actor: Actor) => accounts.unlockAccount(ctx, email, actor),
    expirePassword: (email: string, actor: Actor) => accounts.expirePassword(ctx, email, actor),
    remove: (email: string, actor: Actor) => accounts.deleteAccount(ctx, email, actor),
    setRole: (email: string, isAdmin: boolean, actor: Actor) => accounts.setRole(ctx, email, isAdmin, actor),
    rename: (email: string, displayName: string, actor: Actor) => accounts.renameByAdmin(ctx, email, displayName, actor),
    setTemporaryPassword: (email: string, password: string, actor: Actor) => accounts.setTemporaryPassword(ctx, email, password, actor),
    resetSecondFactors: (email: string, actor: Actor) => accounts.resetSecondFactors(ctx, email, actor),
    setRequireMfa: (email: string, required: boolean, actor: Actor) => accounts.setRequireMfa(ctx, email, required, actor),
  };
}

function policyPart(ctx: CoreContext) {
  return {
    current: () => ctx.policy(),
    update: (change: Partial<Policy>, actor: Actor): Policy => {
      const policy = ctx.store.transaction(() => {
        const written = writePolicy(ctx.store, change);
        audit(ctx, actor, { action: 'policy.update', outcome: 'success', detail: JSON.stringify(change) });
        return written;
      });
      // New hashing parameters: the dummy that unknown addresses are checked against follows now,
      // not at the first such sign-in (which would then take a hash longer than any other).
      if ('passwordHashing' in change) void dummyPasswordHash(ctx).catch(() => undefined);
      return policy;
    },
    /** The strongest password hashing that takes at most `targetMs` here (passwords/calibrate.ts); nothing is changed. */
    calibrate: (targetMs: number) => calibrate(targetMs, Math.min(4, Math.max(1, availableParallelism())), ctx.random),
    /** Every rule a new password breaks, for `account` (whose email it must not contain, whose role sets its length). */
    checkNewPassword: (password: string, account: { email: string; isAdmin: boolean }) =>
      checkNewPassword(password, ctx.policy(), { email: account.email, mfaRequired: mfaRequiredFor(ctx.policy(), account) }, ctx.blocklist),
  };
}

/** OpenID Connect providers, as administrators and the CLI configure them: by name. */
function providersPart(ctx: CoreContext) {
  return {
    add: (input: providers.NewProvider, actor: Actor) => providers.addProvider(ctx, input, actor),
    list: () => providers.listProviders(ctx),
    show: (name: string) => providers.toProviderView(ctx, providers.findProvider(ctx, name)),
    remove: (name: string, options: { unlinkAll?: boolean }, actor: Actor) => providers.removeProvider(ctx, name, options, actor),
    isAuthorizationRequest: (url: string) => providers.isAuthorizationRequest(ctx, url),
    /** The provider identities linked to an account. */
    identitiesOf: (userId: string) => listIdentities(ctx, userId),
    unlink: (userId: string, providerName: string, actor: Actor) => unlinkIdentity(ctx, userById(ctx, userId), providerName, actor),
    finishLink: (userId: string, flowId: string, callbackUrl: URL, actor: Actor) => finishProviderLink(ctx, flowId, callbackUrl, userId, actor),
    /** Fetches the discovery document now: the provider's view, reachable or not; throws `provider_unreachable` with why. */
    test: async (name: string, actor: Actor) => {
      await providers.discoverProvider(ctx, providers.findProvider(ctx, name), actor);
      return providers.toProviderView(ctx, providers.findProvider(ctx, name));
    },
  };
}

/** How codes are sent: the SMTP server and the SMS provider, as administrators and the CLI set them. */
function deliveryPart(ctx: CoreContext) {
  return {
    view: () => delivery.deliveryView(ctx),
    setSmtp: (input: unknown, actor: Actor) => delivery.setSmtp(ctx, input, actor),
    setSms: (input: unknown, actor: Actor) => delivery.setSms(ctx, input, actor),
    test: (to: string, actor: Actor) => delivery.sendTestMessage(ctx, to, actor),
  };
}

function auditPart(ctx: CoreContext) {
  return {
    trail: (query?: AuditQuery) => ctx.store.audit.list(query).map(forPeople),
    /** The whole trail (or what the query matches), oldest first, read in batches: for exports of any length. */
    *stream(query?: Omit<AuditQuery, 'beforeId' | 'limit'>) {
      for (const entry of ctx.store.audit.oldestFirst(query)) yield forPeople(entry);
    },
    /** What happened to the store key outside the store (a new emergency kit, a restore): recorded here. */
    recordKeyCustody: (
      action: 'emergency_kit.create' | 'emergency_kit.restore' | 'backup.create' | 'backup.restore' | 'backup.settings' | 'store.rotate_key',
      actor: Actor,
      detail?: string,
    ) => audit(ctx, actor, { action, outcome: 'success', ...(detail ? { detail } : {}) }),
    /** A page of the trail, newest first, and whether older entries match too. */
    page: (query: AuditQuery & { limit: number }) => {
      const rows = ctx.store.audit.newestFirst({ ...query, limit: query.limit + 1 });
      return { entries: rows.slice(0, query.limit).map(forPeople), more: rows.length > query.limit };
    },
    prune: (before: number, actor: Actor, keep: (entry: AuditEntry) => void, flush: () => void) => pruneAudit(ctx, before, actor, 'request', keep, flush),
  };
}
