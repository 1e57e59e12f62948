import type { Policy } from '../../shared/index.js';
import type { AuditQuery } from '../store/audit.js';
import * as accounts from './accounts.js';
import { audit } from './audit.js';
import { createContext, type Actor, type CoreDeps } from './context.js';
import { changePassword } from './passwords/change.js';
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
  return {
    /** Makes sure the first sign-in of a process costs no more than any other. */
    prepare: async (): Promise<void> => void (await dummyPasswordHash(ctx)),
    policy: () => ctx.policy(),
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
    createAccount: (input: accounts.NewAccount, actor: Actor) => accounts.createAccount(ctx, input, actor),
    listAccounts: () => accounts.listAccounts(ctx),
    showAccount: (email: string) => accounts.showAccount(ctx, email),
    disableAccount: (email: string, actor: Actor) => accounts.disableAccount(ctx, email, actor),
    enableAccount: (email: string, actor: Actor) => accounts.enableAccount(ctx, email, actor),
    unlockAccount: (email: string, actor: Actor) => accounts.unlockAccount(ctx, email, actor),
    expirePassword: (email: string, actor: Actor) => accounts.expirePassword(ctx, email, actor),
    deleteAccount: (email: string, actor: Actor) => accounts.deleteAccount(ctx, email, actor),
    auditTrail: (query?: AuditQuery) => ctx.store.audit.list(query),
  };
}

export type Gatehouse = ReturnType<typeof createGatehouse>;
