import type { AccountView, AuditAction, Policy } from '../../../shared/index.js';
import { nationalFormat, requirePhone } from '../phone.js';
import { describePasswordProblem } from '../../../shared/index.js';
import { nameOrRefuse } from '../names.js';
import type { AccountListing, UserRecord } from '../../store/users.js';
import { audit } from '../audit.js';
import type { Actor, CoreContext } from '../context.js';
import { requireEmail } from '../email.js';
import { GatehouseError } from '../../common/errors.js';
import { hashPassword } from '../passwords/argon2.js';
import { checkNewPassword } from '../passwords/policy.js';
import { mfaRequiredFor } from '../policy-settings.js';
import { mfaRequirement } from '../assurance.js';
import { randomId } from '../../common/ports.js';
import { throttleVerdict, type ThrottleState } from '../../common/throttle.js';

const DAY = 86_400_000;

export interface NewAccount {
  email: string;
  displayName?: string;
  /**
   * Absent for an account without a password, which signs in some other way (a provider, an
   * emailed code). The first account, the administrator of the store, always has one.
   */
  password?: string;
  isAdmin?: boolean;
  /** A temporary password set by an administrator: the user must replace it at first sign-in. */
  mustChangePassword?: boolean;
  /** First-run setup: refused unless the store has no account yet, checked under the write lock. */
  onlyIfFirst?: boolean;
  /** A phone number (international form) the account may be texted codes at; unverified until a code to it is entered. */
  phone?: string;
}

/** Names are shown to administrators and printed by the CLI: no forged lines, no escape sequences. */
function cleanDisplayName(name: string | undefined, email: string): string {
  return nameOrRefuse('displayName', name ?? '') || email.split('@')[0]!;
}

/** Throws `password_rejected` with every broken rule, so the user can fix them all at once. */
export function assertPasswordAcceptable(ctx: CoreContext, password: string, account: { email: string; isAdmin: boolean }): void {
  const problems = checkNewPassword(password, ctx.policy(), { email: account.email, mfaRequired: mfaRequiredFor(ctx.policy(), account) }, ctx.blocklist);
  if (problems.length > 0) {
    throw new GatehouseError('password_rejected', `The password was refused: ${problems.map(describePasswordProblem).join('; ')}.`, problems);
  }
}

export function passwordExpiresAt(ctx: CoreContext, user: UserRecord, policy: Policy = ctx.policy()): number | null {
  const maxAgeDays = policy.passwordMaxAgeDays;
  if (maxAgeDays === null || user.passwordChangedAt === null) return null;
  return user.passwordChangedAt + maxAgeDays * DAY;
}

export function toAccountView(ctx: CoreContext, user: UserRecord): AccountView {
  const listing = { user, activeAuthenticators: ctx.store.totp.countActive(user.id), passkeys: ctx.store.passkeys.countForUser(user.id) };
  return viewOf(ctx, listing, ctx.store.throttle.get(user.email), ctx.policy(), ctx.clock.now());
}

/** A page of the account list: one query for the accounts, one for their sign-in limits, the policy read once. */
export function toAccountViews(ctx: CoreContext, listings: readonly AccountListing[]): AccountView[] {
  const throttles = ctx.store.throttle.getMany(listings.map(({ user }) => user.email));
  const policy = ctx.policy();
  const now = ctx.clock.now();
  return listings.map((listing) => viewOf(ctx, listing, throttles.get(listing.user.email)!, policy, now));
}

function viewOf(ctx: CoreContext, { user, activeAuthenticators, passkeys }: AccountListing, throttle: ThrottleState, policy: Policy, now: number): AccountView {
  const verdict = throttleVerdict(throttle, now);
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    isAdmin: user.isAdmin,
    status: user.status,
    mustChangePassword: user.mustChangePassword,
    hasPassword: user.passwordHash !== null,
    passwordExpiresAt: passwordExpiresAt(ctx, user, policy),
    passwordChangedAt: user.passwordChangedAt,
    createdAt: user.createdAt,
    lastSignInAt: user.lastSignInAt,
    emailVerifiedAt: user.emailVerifiedAt,
    phone: user.phone,
    phoneDisplay: user.phone === null ? null : nationalFormat(user.phone),
    phoneVerifiedAt: user.phoneVerifiedAt,
    signInState: verdict,
    secondFactors: { authenticatorApps: activeAuthenticators, passkeys },
    mfaRequired: mfaRequirement(policy, user),
    requireMfa: user.requireMfa,
  };
}

/** Creates an account. The first account of a store is always an administrator. */
export async function createAccount(
  ctx: CoreContext,
  input: NewAccount,
  actor: Actor,
  /** What must be written with the account or not at all: its way in, when that is not a password (a provider's identity). */
  withAccount: (user: UserRecord) => void = () => undefined,
): Promise<AccountView> {
  // First: an anonymous caller must learn nothing of the accounts, nor spend a hash.
  if (input.onlyIfFirst && ctx.store.users.count() > 0) throw new GatehouseError('conflict', 'Gatehouse is already set up. Sign in instead.');
  const email = requireEmail(input.email);
  const displayName = cleanDisplayName(input.displayName, email);
  const isAdmin = input.isAdmin === true || ctx.store.users.count() === 0;
  const phone = input.phone === undefined ? null : requirePhone(input.phone).e164;
  const password = passwordOfNewAccount(ctx, input, isAdmin);
  if (password !== null) assertPasswordAcceptable(ctx, password, { email, isAdmin });
  if (ctx.store.users.findByEmail(email)) throw new GatehouseError('conflict', `An account with the email ${email} already exists.`);
  const passwordHash = password === null ? null : await hashPassword(password, ctx.kdf, ctx.random);
  const now = ctx.clock.now();
  const user: UserRecord = {
    id: randomId(ctx.random),
    email,
    displayName,
    isAdmin,
    status: 'active',
    passwordHash,
    passwordChangedAt: passwordHash === null ? null : now,
    mustChangePassword: input.mustChangePassword === true,
    createdAt: now,
    lastSignInAt: null,
    emailVerifiedAt: null,
    phone,
    phoneVerifiedAt: null,
    requireMfa: false,
  };
  ctx.store.transaction(() => {
    if (user.phone !== null && ctx.store.users.findByPhone(user.phone)) throw new GatehouseError('conflict', `Another account has the phone number ${user.phone}.`);
    // Checked again under the write lock: another process may have added it while we hashed.
    if (ctx.store.users.findByEmail(email)) throw new GatehouseError('conflict', `An account with the email ${email} already exists.`);
    if (input.onlyIfFirst && ctx.store.users.count() > 0) throw new GatehouseError('conflict', 'Gatehouse is already set up. Sign in instead.');
    if (ctx.store.users.count() === 0 && passwordHash === null) throw new GatehouseError('invalid_input', 'The first account is the administrator and needs a password.');
    user.isAdmin ||= ctx.store.users.count() === 0;
    ctx.store.users.insert(user);
    ctx.store.throttle.clear(email);
    const detail = [user.isAdmin ? 'admin' : null, passwordHash === null ? 'no password' : null].filter((d) => d !== null).join(', ');
    audit(ctx, actor, { action: 'account.create', accountId: user.id, email, outcome: 'success', detail: detail || null });
    withAccount(user);
  });
  return toAccountView(ctx, user);
}

/**
 * The password a new account starts with, or null for none. Without one, nothing can expire or
 * be forced, and the store's first account (its administrator, who must be able to sign in
 * with nothing else configured) always has one.
 */
function passwordOfNewAccount(ctx: CoreContext, input: NewAccount, isAdmin: boolean): string | null {
  if (input.password !== undefined) return input.password;
  if (input.mustChangePassword)
    throw new GatehouseError('invalid_input', 'An account without a password has none to replace: give it a temporary password, or do not ask for a new one.');
  if (input.onlyIfFirst || ctx.store.users.count() === 0) throw new GatehouseError('invalid_input', 'The first account is the administrator and needs a password.');
  if (isAdmin) throw new GatehouseError('invalid_input', 'An administrator needs a password, so that the machine can be managed when no provider can be reached.');
  return null;
}

export function findAccount(ctx: CoreContext, emailInput: string): UserRecord {
  const email = requireEmail(emailInput);
  const user = ctx.store.users.findByEmail(email);
  if (!user) throw new GatehouseError('not_found', `There is no account with the email ${email}.`);
  return user;
}

/** Accounts in the order they are listed; a page of `limit` after `afterEmail` when asked, else all of them. */
export function listAccounts(ctx: CoreContext, page: { afterEmail?: string; limit?: number } = {}): AccountView[] {
  // A page after an account that is gone would be empty, and look like the end of the list.
  if (page.afterEmail !== undefined && !ctx.store.users.findByEmail(page.afterEmail)) {
    throw new GatehouseError('not_found', `There is no account ${page.afterEmail} to list after: start again from the first page.`);
  }
  return toAccountViews(ctx, ctx.store.users.listing(page));
}

export function showAccount(ctx: CoreContext, email: string): AccountView {
  return toAccountView(ctx, findAccount(ctx, email));
}

/** Nobody disables or deletes the account they act from: the app would lock them out mid-action. */
function assertNotSelf(actor: Actor, user: UserRecord, doing: string): void {
  if (actor.kind === 'user' && actor.id === user.id) throw new GatehouseError('conflict', `You cannot ${doing} your own account while signed in to it.`);
}

function assertNotLastAdmin(ctx: CoreContext, user: UserRecord, doing: string): void {
  if (user.isAdmin && user.status === 'active' && ctx.store.users.countActiveAdmins() <= 1) {
    throw new GatehouseError('conflict', `Cannot ${doing} ${user.email}: it is the only active administrator.`);
  }
}

/** Runs one administrative change on an account, with its audit entry, in one transaction. */
function administer(ctx: CoreContext, email: string, actor: Actor, action: AuditAction, change: (user: UserRecord) => void): AccountView {
  return ctx.store.transaction(() => {
    const user = findAccount(ctx, email);
    change(user);
    audit(ctx, actor, { action, accountId: user.id, email: user.email, outcome: 'success' });
    return toAccountView(ctx, ctx.store.users.findById(user.id) ?? user);
  });
}

export function disableAccount(ctx: CoreContext, email: string, actor: Actor): AccountView {
  return administer(ctx, email, actor, 'account.disable', (user) => {
    assertNotSelf(actor, user, 'disable');
    assertNotLastAdmin(ctx, user, 'disable');
    ctx.store.users.setStatus(user.id, 'disabled');
  });
}

export function enableAccount(ctx: CoreContext, email: string, actor: Actor): AccountView {
  return administer(ctx, email, actor, 'account.enable', (user) => ctx.store.users.setStatus(user.id, 'active'));
}

/** Clears both the temporary block and the lock that only an administrator may lift. */
export function unlockAccount(ctx: CoreContext, email: string, actor: Actor): AccountView {
  return administer(ctx, email, actor, 'account.unlock', (user) => ctx.store.throttle.clear(user.email));
}

export function expirePassword(ctx: CoreContext, email: string, actor: Actor): AccountView {
  return administer(ctx, email, actor, 'account.expire_password', (user) => {
    if (user.passwordHash === null) throw new GatehouseError('conflict', `${user.email} has no password to replace: it signs in another way.`);
    ctx.store.users.setMustChangePassword(user.id, true);
  });
}

export function renameAccount(ctx: CoreContext, userId: string, displayName: string, actor: Actor): AccountView {
  return ctx.store.transaction(() => {
    const user = ctx.store.users.findById(userId);
    if (!user) throw new GatehouseError('not_found', 'This account no longer exists.');
    const name = cleanDisplayName(displayName, user.email);
    ctx.store.users.setDisplayName(user.id, name);
    audit(ctx, actor, { action: 'account.rename', accountId: user.id, email: user.email, outcome: 'success' });
    return toAccountView(ctx, { ...user, displayName: name });
  });
}

export function deleteAccount(ctx: CoreContext, email: string, actor: Actor): void {
  ctx.store.transaction(() => {
    const user = findAccount(ctx, email);
    assertNotSelf(actor, user, 'delete');
    assertNotLastAdmin(ctx, user, 'delete');
    ctx.store.users.delete(user.id);
    ctx.store.throttle.clear(user.email);
    audit(ctx, actor, { action: 'account.delete', accountId: user.id, email: user.email, outcome: 'success' });
  });
}

/** Makes an account an administrator, or a user again; never the last administrator, nor the caller's own. */
export function setRole(ctx: CoreContext, email: string, isAdmin: boolean, actor: Actor): AccountView {
  return ctx.store.transaction(() => {
    const user = findAccount(ctx, email);
    if (user.isAdmin === isAdmin) return toAccountView(ctx, user);
    assertNotSelf(actor, user, 'change the role of');
    if (!isAdmin) assertNotLastAdmin(ctx, user, 'make a user of');
    ctx.store.users.setAdmin(user.id, isAdmin);
    audit(ctx, actor, { action: 'account.set_role', accountId: user.id, email: user.email, outcome: 'success', detail: isAdmin ? 'administrator' : 'user' });
    return toAccountView(ctx, { ...user, isAdmin });
  });
}

/** An administrator renames an account (its owner may too, from their account page). */
export function renameByAdmin(ctx: CoreContext, email: string, displayName: string, actor: Actor): AccountView {
  return renameAccount(ctx, findAccount(ctx, email).id, displayName, actor);
}

/**
 * Taking over another administrator would take two clicks (their two-step reset, then a password
 * of one's choosing): an administrator is made a user first, which is its own audited step.
 */
function assertNotAdministrator(user: UserRecord, doing: string): void {
  if (user.isAdmin) throw new GatehouseError('conflict', `${user.email} is an administrator: make them a user first to ${doing} them.`);
}

/**
 * "Forgot your password?": an administrator sets a temporary one, which must be replaced at the
 * next sign-in. The policy applies to it as to any password. It is not compared with the one it
 * replaces: that would tell the administrator whether a guess was someone's password. Not for the
 * caller's own account (they change theirs with the current one), nor for another administrator.
 */
export async function setTemporaryPassword(ctx: CoreContext, email: string, password: string, actor: Actor): Promise<AccountView> {
  const user = findAccount(ctx, email);
  assertNotSelf(actor, user, 'set a temporary password for');
  assertNotAdministrator(user, 'set a temporary password for');
  assertPasswordAcceptable(ctx, password, user);
  const hash = await hashPassword(password, ctx.kdf, ctx.random);
  return ctx.store.transaction(() => {
    const now = ctx.clock.now();
    const current = ctx.store.users.findById(user.id);
    if (!current) throw new GatehouseError('not_found', `There is no account for ${user.email}.`);
    if (current.passwordHash !== null) ctx.store.users.retirePassword(user.id, current.passwordHash, now, Math.max(ctx.policy().passwordHistory - 1, 0));
    ctx.store.users.setPasswordHash(user.id, hash, now);
    ctx.store.users.setMustChangePassword(user.id, true);
    audit(ctx, actor, { action: 'account.reset_password', accountId: user.id, email: user.email, outcome: 'success' });
    return toAccountView(ctx, ctx.store.users.findById(user.id)!);
  });
}

/**
 * Someone lost the phone with their authenticator app and their recovery codes: an
 * administrator removes the apps and the codes, so that the person signs in with their first
 * factor (and sets up a new app when the policy requires one). Passkeys are theirs to remove:
 * each is a way in of its own, listed on their account page.
 */
export function resetSecondFactors(ctx: CoreContext, email: string, actor: Actor): AccountView {
  return ctx.store.transaction(() => {
    const user = findAccount(ctx, email);
    assertNotSelf(actor, user, 'reset two-step verification of');
    assertNotAdministrator(user, 'reset two-step verification of');
    const apps = ctx.store.totp.listActive(user.id);
    const codes = ctx.store.recoveryCodes.countUnused(user.id);
    if (apps.length === 0 && codes === 0) throw new GatehouseError('conflict', `${user.email} has no authenticator app or recovery codes to remove.`);
    for (const app of apps) ctx.store.totp.remove(app.id);
    ctx.store.recoveryCodes.deleteAll(user.id);
    const detail = `removed ${apps.length} authenticator app${apps.length === 1 ? '' : 's'} and ${codes} recovery code${codes === 1 ? '' : 's'}`;
    audit(ctx, actor, { action: 'account.reset_second_factors', accountId: user.id, email: user.email, outcome: 'success', detail });
    return toAccountView(ctx, user);
  });
}

/**
 * Two-step verification required of one account, on top of the policy. The account keeps
 * working: at its next sign-in without a second factor it sets one up first, as the policy's
 * rule would have it.
 */
export function setRequireMfa(ctx: CoreContext, email: string, required: boolean, actor: Actor): AccountView {
  return ctx.store.transaction(() => {
    const user = findAccount(ctx, email);
    ctx.store.users.setRequireMfa(user.id, required);
    audit(ctx, actor, { action: 'account.require_mfa', accountId: user.id, email: user.email, outcome: 'success', detail: required ? 'required' : 'not required' });
    return toAccountView(ctx, { ...user, requireMfa: required });
  });
}
