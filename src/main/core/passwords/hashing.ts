import { z } from 'zod';
import type { CoreContext } from '../context.js';
import { hashPassword, needsRehash } from './argon2.js';

const DUMMY_KEY = 'dummy_password_hash';
const DummyHash = z.string();

/**
 * A hash of a random password with the current parameters, kept in the store. Sign-in verifies
 * against it when the account is unknown or has no password, so that those answers take as
 * long as a wrong password — in a fresh CLI process too, which is why it is persisted.
 */
export async function dummyPasswordHash(ctx: CoreContext): Promise<string> {
  const stored = ctx.store.settings.get(DUMMY_KEY, DummyHash);
  if (stored !== undefined && !needsRehash(stored, ctx.kdf)) return stored;
  const fresh = await hashPassword(ctx.random.bytes(24).toString('base64'), ctx.kdf, ctx.random);
  ctx.store.settings.set(DUMMY_KEY, fresh);
  return fresh;
}

const DUMMY_CODE_KEY = 'dummy_recovery_code_hash';

/** The same for recovery codes, with their parameters: what a code that matches no row is checked against (one hash, right or wrong). */
export async function dummyRecoveryCodeHash(ctx: CoreContext): Promise<string> {
  const stored = ctx.store.settings.get(DUMMY_CODE_KEY, DummyHash);
  if (stored !== undefined && !needsRehash(stored, ctx.recoveryKdf)) return stored;
  const fresh = await hashPassword(ctx.random.bytes(24).toString('base64'), ctx.recoveryKdf, ctx.random);
  ctx.store.settings.set(DUMMY_CODE_KEY, fresh);
  return fresh;
}

export function hashWithPolicy(ctx: CoreContext, password: string): Promise<string> {
  return hashPassword(password, ctx.kdf, ctx.random);
}
