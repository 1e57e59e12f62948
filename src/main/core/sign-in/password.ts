import type { SignInResult, AuditOutcome } from '../../../shared/index.js';
import { audit } from '../audit.js';
import type { Actor, CoreContext } from '../context.js';
import { attemptKey } from '../email.js';
import { ARGON2_QUEUE, hashPassword, needsRehash, verifyPassword } from '../passwords/argon2.js';
import { dummyPasswordHash } from '../passwords/hashing.js';
import type { Session } from '../sessions.js';
import { afterFirstFactor } from './transitions.js';
import { admitAttempt, lockedOutcome, passed, refund } from '../throttle-gate.js';

const METHOD = 'password';

/**
 * Password sign-in. An unknown email, an account without a password and a wrong password all
 * answer `failed` after the same Argon2 verification; only the right password learns more
 * (disabled, expired).
 */
export async function signInWithPassword(ctx: CoreContext, emailInput: string, password: string, actor: Actor = { kind: 'anonymous' }): Promise<SignInResult<Session>> {
  // Before the attempt is counted: "busy, try again" must not cost the user a guess.
  const leave = ARGON2_QUEUE.enter();
  try {
    return await passwordSignIn(ctx, emailInput, password, actor);
  } finally {
    leave();
  }
}

async function passwordSignIn(ctx: CoreContext, emailInput: string, password: string, actor: Actor): Promise<SignInResult<Session>> {
  // An invalid address cannot name an account; it is throttled and timed like an unknown one,
  // under a keyed hash, so that a password typed into the email field is never stored.
  const email = attemptKey(ctx, emailInput);
  const record = (outcome: AuditOutcome, accountId?: string, detail?: string): void =>
    audit(ctx, actor, { action: 'sign_in', method: METHOD, email, accountId: accountId ?? null, outcome, detail: detail ?? null });

  const admission = admitAttempt(ctx, email);
  const { verdict } = admission;
  if (verdict.kind !== 'open') {
    record('locked', ctx.store.users.findByEmail(email)?.id, verdict.kind);
    return lockedOutcome(verdict);
  }

  const user = ctx.store.users.findByEmail(email);
  const hash = user?.passwordHash ?? (await dummyPasswordHash(ctx));
  const correct = (await verifyPassword(hash, password)) && user?.passwordHash != null;
  if (!user || !correct) {
    record('failed', user?.id, user ? 'wrong password' : 'unknown account');
    return { kind: 'failed' };
  }

  if (user.status === 'disabled') {
    passed(ctx, email);
    record('disabled', user.id);
    return { kind: 'disabled' };
  }
  if (needsRehash(user.passwordHash!, ctx.kdf)) {
    ctx.store.users.setPasswordHash(user.id, await hashPassword(password, ctx.kdf, ctx.random), null);
  }
  refund(ctx, email, admission);
  return afterFirstFactor(ctx, user, ['pwd'], METHOD, actor);
}
