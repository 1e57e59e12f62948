import type { TotpEnrolment } from '../../../../shared/index.js';
import type { UserRecord } from '../../../store/users.js';
import { audit } from '../../audit.js';
import type { Actor, CoreContext } from '../../context.js';
import { GatehouseError } from '../../../common/errors.js';
import { mfaRequiredFor } from '../../policy-settings.js';
import { nameOrRefuse } from '../../names.js';
import { hasSecondFactor } from '../../assurance.js';
import { randomId } from '../../../common/ports.js';
import { admitAttempt, refund } from '../../throttle-gate.js';
import { regenerateRecoveryCodes } from '../recovery-code/manage.js';
import { createTotpSecret, totpUri, verifyTotpCode } from './totp.js';

/** A pending enrolment must be confirmed within this time, or started again. */
export const ENROLMENT_LIFETIME_MS = 10 * 60_000;

function cleanName(input: string): string {
  const name = nameOrRefuse('authenticator', input);
  if (name.length === 0) throw new GatehouseError('invalid_input', 'Give the authenticator a name, like "phone".');
  return name;
}

/** Starts (or restarts) enrolling an authenticator app: a fresh 160-bit key, not active yet. */
export function beginTotpEnrolment(ctx: CoreContext, user: UserRecord, nameInput: string, actor: Actor): TotpEnrolment {
  const name = cleanName(nameInput);
  const now = ctx.clock.now();
  return ctx.store.transaction(() => {
    ctx.store.totp.deleteExpiredPending(now - ENROLMENT_LIFETIME_MS);
    const existing = ctx.store.totp.find(user.id, name);
    if (existing?.status === 'active') {
      throw new GatehouseError('conflict', `You already have an authenticator app named "${name}". Choose another name.`);
    }
    const secret = createTotpSecret(ctx.random);
    ctx.store.totp.putPending({ id: randomId(ctx.random), userId: user.id, name, secret, createdAt: now });
    audit(ctx, actor, { action: 'totp.enrol_start', accountId: user.id, email: user.email, method: 'totp', outcome: 'success', detail: name });
    return { name, secret, uri: totpUri(secret, user.email), expiresAt: now + ENROLMENT_LIFETIME_MS, ...(existing ? { replacedPending: true as const } : {}) };
  });
}

export interface ConfirmedEnrolment {
  /** Present when this was the account's first second factor: show them once. */
  recoveryCodes?: string[];
}

/**
 * Activates a pending authenticator once the user proves it with a correct code. The first
 * second factor of an account also brings its recovery codes.
 */
export async function confirmTotpEnrolment(ctx: CoreContext, user: UserRecord, nameInput: string, code: string, actor: Actor): Promise<ConfirmedEnrolment> {
  const name = cleanName(nameInput);
  const pending = ctx.store.totp.find(user.id, name);
  const now = ctx.clock.now();
  if (!pending || pending.status !== 'pending') throw new GatehouseError('not_found', `There is no authenticator app named "${name}" waiting to be confirmed.`);
  if (pending.createdAt + ENROLMENT_LIFETIME_MS <= now) {
    ctx.store.totp.remove(pending.id);
    throw new GatehouseError('flow_expired', 'This setup expired after 10 minutes. Start again to get a new QR code.');
  }
  // Guesses at the confirming code count like any other: a walk-up guesser gets five, not a million.
  const admission = admitAttempt(ctx, user.email);
  if (admission.verdict.kind !== 'open') {
    audit(ctx, actor, { action: 'totp.enrol_confirm', accountId: user.id, email: user.email, method: 'totp', outcome: 'locked', detail: name });
    throw new GatehouseError('invalid_input', 'Too many wrong codes. Wait a few minutes, then try again.', undefined, 'code');
  }
  const check = await verifyTotpCode(pending.secret, code, now, null);
  if (!check.valid) {
    audit(ctx, actor, { action: 'totp.enrol_confirm', accountId: user.id, email: user.email, method: 'totp', outcome: 'failed', detail: name });
    throw new GatehouseError('invalid_input', 'That code is not right. Check the time on your device and enter the current 6-digit code.', undefined, 'code');
  }
  refund(ctx, user.email, admission);
  const first = !hasSecondFactor(ctx, user.id);
  ctx.store.transaction(() => {
    if (!ctx.store.totp.activate(pending.id, now, check.step)) throw new GatehouseError('conflict', 'This authenticator app was already confirmed.');
    audit(ctx, actor, { action: 'totp.enrol_confirm', accountId: user.id, email: user.email, method: 'totp', outcome: 'success', detail: name });
  });
  return first ? { recoveryCodes: await regenerateRecoveryCodes(ctx, user, actor) } : {};
}

/** Removes an authenticator; the last one takes the recovery codes with it. */
export function removeTotp(ctx: CoreContext, user: UserRecord, nameInput: string, actor: Actor): void {
  const name = cleanName(nameInput);
  ctx.store.transaction(() => {
    const record = ctx.store.totp.find(user.id, name);
    if (!record || record.status !== 'active') throw new GatehouseError('not_found', `There is no authenticator app named "${name}".`);
    const last = ctx.store.totp.countActive(user.id) === 1 && ctx.store.passkeys.countForUser(user.id) === 0;
    if (last && mfaRequiredFor(ctx.policy(), user)) {
      throw new GatehouseError('conflict', 'Two-step verification is required for this account: add another authenticator app or a passkey before removing this one.');
    }
    ctx.store.totp.remove(record.id);
    // Recovery codes stand in for a second factor: with none left, they would be a bypass.
    if (!hasSecondFactor(ctx, user.id)) ctx.store.recoveryCodes.deleteAll(user.id);
    audit(ctx, actor, { action: 'totp.remove', accountId: user.id, email: user.email, method: 'totp', outcome: 'success', detail: name });
  });
}
