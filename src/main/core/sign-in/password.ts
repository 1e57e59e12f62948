import type { SignInOutcome } from '../../../shared/index.js';
import { passwordExpiresAt } from '../accounts.js';
import { audit } from '../audit.js';
import type { Actor, CoreContext } from '../context.js';
import { normaliseEmail } from '../email.js';
import { hashPassword, needsRehash, verifyPassword } from '../passwords/argon2.js';
import { dummyPasswordHash } from '../passwords/hashing.js';
import { admitAttempt, passed } from './throttle-gate.js';

const METHOD = 'password';

/**
 * Password sign-in. An unknown email, an account without a password and a wrong password all
 * answer `failed` after the same Argon2 verification; only the right password learns more
 * (disabled, expired).
 */
export async function signInWithPassword(ctx: CoreContext, emailInput: string, password: string, actor: Actor = { kind: 'anonymous' }): Promise<SignInOutcome> {
  // An invalid address cannot name an account; it is throttled and timed like an unknown one.
  const email = normaliseEmail(emailInput) ?? emailInput.trim().toLowerCase().slice(0, 254);
  const record = (outcome: string, accountId?: string, detail?: string): void =>
    audit(ctx, actor, { action: 'sign_in', method: METHOD, email, accountId: accountId ?? null, outcome, detail: detail ?? null });

  const verdict = admitAttempt(ctx, email);
  if (verdict.kind !== 'open') {
    record('locked', ctx.store.users.findByEmail(email)?.id, verdict.kind);
    return verdict.kind === 'blocked' ? { kind: 'locked', retryAfterMs: verdict.retryAfterMs } : { kind: 'locked' };
  }

  const user = ctx.store.users.findByEmail(email);
  const hash = user?.passwordHash ?? (await dummyPasswordHash(ctx));
  const correct = (await verifyPassword(hash, password)) && user?.passwordHash != null;
  if (!user || !correct) {
    record('failed', user?.id, user ? 'wrong password' : 'unknown account');
    return { kind: 'failed' };
  }

  passed(ctx, email);
  if (user.status === 'disabled') {
    record('disabled', user.id);
    return { kind: 'disabled' };
  }
  if (needsRehash(user.passwordHash!, ctx.kdf)) {
    ctx.store.users.setPasswordHash(user.id, await hashPassword(password, ctx.kdf, ctx.random), null);
  }
  const now = ctx.clock.now();
  const expiresAt = passwordExpiresAt(ctx, user);
  if (user.mustChangePassword || (expiresAt !== null && expiresAt <= now)) {
    const reason = user.mustChangePassword ? 'forced' : 'max_age';
    record('expired', user.id, reason);
    return { kind: 'expired', subject: user.id, reason };
  }
  ctx.store.transaction(() => {
    ctx.store.users.recordSignIn(user.id, now);
    record('success', user.id);
  });
  return {
    kind: 'success',
    session: { subject: user.id, email: user.email, displayName: user.displayName, isAdmin: user.isAdmin, amr: ['pwd'], authTime: now },
  };
}
