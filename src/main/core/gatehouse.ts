import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { Policy, SecondFactorProof } from '../../shared/index.js';
import { beginPasskeyRegistration, finishPasskeyRegistration } from './passkeys/ceremonies.js';
import { listPasskeys, removePasskey, renamePasskey } from './passkeys/manage.js';
import { beginPasskeySecondFactor, beginPasskeySignIn, finishPasskeySecondFactor, finishPasskeySignIn } from './sign-in/passkey.js';
import type { UserRecord } from '../store/users.js';
import { GatehouseError } from './errors.js';
import { beginTotpEnrolment, confirmTotpEnrolment, hasSecondFactor, regenerateRecoveryCodes, removeTotp, secondFactorsView } from './second-factor/manage.js';
import { completeSecondFactor, verifySecondFactor } from './sign-in/complete.js';
import { beginRequiredEnrolment, confirmRequiredEnrolment } from './sign-in/enrolment.js';
import type { AuditEntry, AuditQuery } from '../store/audit.js';
import { maintain, pruneAudit } from './maintenance.js';
import * as accounts from './accounts.js';
import { audit } from './audit.js';
import { displayAttemptKey } from './email.js';
import { createContext, type Actor, type CoreDeps } from './context.js';
import { changePassword, confirmPassword } from './passwords/change.js';
import { dummyPasswordHash } from './passwords/hashing.js';
import { checkNewPassword } from './passwords/policy.js';
import { mfaRequiredFor, writePolicy } from './policy-settings.js';
import { completeExpiredPasswordChange, signInWithPassword } from './sign-in/password.js';

/**
 * The user-management core over one open store. Every entry point takes the acting party so
 * that the audit trail can name it.
 */
export function createGatehouse(deps: CoreDeps) {
  const ctx = createContext(deps);
  const user = (id: string): UserRecord => {
    const record = ctx.store.users.findById(id);
    if (!record) throw new GatehouseError('not_found', 'This account no longer exists.');
    return record;
  };
  return {
    /** Makes sure the first sign-in of a process costs no more than any other. */
    prepare: async (): Promise<void> => {
      await dummyPasswordHash(ctx);
      maintain(ctx);
    },
    policy: () => ctx.policy(),
    /** A store failure (damage, a full disk, a read-only file) in words a person can act on; null for anything else. */
    storeFailure: (error: unknown) => ctx.store.failure(error),
    updatePolicy: (change: Partial<Policy>, actor: Actor): Policy =>
      ctx.store.transaction(() => {
        const policy = writePolicy(ctx.store, change);
        audit(ctx, actor, { action: 'policy.update', outcome: 'success', detail: JSON.stringify(change) });
        return policy;
      }),
    checkNewPassword: (password: string, account: { email: string; isAdmin: boolean }) =>
      checkNewPassword(password, ctx.policy(), { email: account.email, mfaRequired: mfaRequiredFor(ctx.policy(), account) }, ctx.blocklist),
    signInWithPassword: (email: string, password: string, actor?: Actor) => signInWithPassword(ctx, email, password, actor),
    completeExpiredPasswordChange: (flowId: string, newPassword: string, actor: Actor) => completeExpiredPasswordChange(ctx, flowId, newPassword, actor),
    isEmpty: () => ctx.store.users.count() === 0,
    accountById: (id: string) => {
      const user = ctx.store.users.findById(id);
      return user && accounts.toAccountView(ctx, user);
    },
    renameAccount: (userId: string, displayName: string, actor: Actor) => accounts.renameAccount(ctx, userId, displayName, actor),
    changePassword: (userId: string, current: string, next: string, actor: Actor) => changePassword(ctx, userId, current, next, actor),
    confirmPassword: (userId: string, password: string, actor: Actor) => confirmPassword(ctx, userId, password, actor),
    createAccount: (input: accounts.NewAccount, actor: Actor) => accounts.createAccount(ctx, input, actor),
    listAccounts: () => accounts.listAccounts(ctx),
    showAccount: (email: string) => accounts.showAccount(ctx, email),
    disableAccount: (email: string, actor: Actor) => accounts.disableAccount(ctx, email, actor),
    enableAccount: (email: string, actor: Actor) => accounts.enableAccount(ctx, email, actor),
    unlockAccount: (email: string, actor: Actor) => accounts.unlockAccount(ctx, email, actor),
    expirePassword: (email: string, actor: Actor) => accounts.expirePassword(ctx, email, actor),
    deleteAccount: (email: string, actor: Actor) => accounts.deleteAccount(ctx, email, actor),
    pruneAudit: (before: number, actor: Actor, keep: (entry: AuditEntry) => void, flush: () => void) => pruneAudit(ctx, before, actor, 'request', keep, flush),
    auditTrail: (query?: AuditQuery) => ctx.store.audit.list(query).map((entry) => ({ ...entry, email: entry.email && displayAttemptKey(entry.email) })),

    // Second factors. Ids come from a session or from `showAccount(email).id` (the CLI).
    completeSecondFactor: (flowId: string, proof: SecondFactorProof, actor: Actor) => completeSecondFactor(ctx, flowId, proof, actor),
    beginRequiredEnrolment: (flowId: string, name: string, actor: Actor) => beginRequiredEnrolment(ctx, flowId, name, actor),
    confirmRequiredEnrolment: (flowId: string, name: string, code: string, actor: Actor) => confirmRequiredEnrolment(ctx, flowId, name, code, actor),
    secondFactors: (userId: string) => secondFactorsView(ctx, userId),
    hasSecondFactor: (userId: string) => hasSecondFactor(ctx, userId),
    beginTotpEnrolment: (userId: string, name: string, actor: Actor) => beginTotpEnrolment(ctx, user(userId), name, actor),
    confirmTotpEnrolment: (userId: string, name: string, code: string, actor: Actor) => confirmTotpEnrolment(ctx, user(userId), name, code, actor),
    removeTotp: (userId: string, name: string, actor: Actor) => removeTotp(ctx, user(userId), name, actor),
    regenerateRecoveryCodes: async (userId: string, actor: Actor) => {
      if (!hasSecondFactor(ctx, userId)) throw new GatehouseError('conflict', 'Recovery codes come with two-step verification: add an authenticator app first.');
      return regenerateRecoveryCodes(ctx, user(userId), actor);
    },
    // Passkeys.
    beginPasskeyRegistration: (userId: string, kind: 'platform' | 'security_key') => beginPasskeyRegistration(ctx, user(userId), kind),
    finishPasskeyRegistration: (userId: string, flowId: string, response: RegistrationResponseJSON, name: string, actor: Actor) =>
      finishPasskeyRegistration(ctx, user(userId), flowId, response, name, actor),
    listPasskeys: (userId: string) => listPasskeys(ctx, userId),
    passkeyName: (credentialId: string) => ctx.store.passkeys.find(credentialId)?.name ?? null,
    renamePasskey: (userId: string, id: string, name: string, actor: Actor) => renamePasskey(ctx, user(userId), id, name, actor),
    removePasskey: (userId: string, id: string, actor: Actor) => removePasskey(ctx, user(userId), id, actor),
    beginPasskeySignIn: () => beginPasskeySignIn(ctx),
    finishPasskeySignIn: (flowId: string, response: AuthenticationResponseJSON, actor: Actor) => finishPasskeySignIn(ctx, flowId, response, actor),
    beginPasskeySecondFactor: (secondFactorFlowId: string) => beginPasskeySecondFactor(ctx, secondFactorFlowId),
    finishPasskeySecondFactor: (secondFactorFlowId: string, flowId: string, response: AuthenticationResponseJSON, actor: Actor) =>
      finishPasskeySecondFactor(ctx, secondFactorFlowId, flowId, response, actor),
    /** A step-up: a fresh second factor for a sensitive action. */
    verifySecondFactor: (userId: string, proof: SecondFactorProof, actor: Actor) => verifySecondFactor(ctx, user(userId), proof, actor, 'step_up'),
  };
}

export type Gatehouse = ReturnType<typeof createGatehouse>;
