import type { Factor } from '../factor.js';
import { checkGuess } from '../guess.js';
import { findRecoveryCode } from './recovery-codes.js';
import { dummyRecoveryCodeHash } from '../../passwords/hashing.js';

/** One of the account's ten single-use codes, for when the authenticator is not at hand. */
export const recoveryCodeFactor: Factor<'recovery_code'> = {
  method: 'recovery_code',
  availableFor: (ctx, userId) => ctx.store.recoveryCodes.countUnused(userId) > 0,
  verify: (ctx, user, proof, actor, purpose) =>
    checkGuess(ctx, user, 'recovery_code', actor, purpose, async () => {
      const unused = ctx.store.recoveryCodes.listUnused(user.id);
      // The keychain is asked only for codes that have tags (made since it held a tag key).
      const tagKey = unused.some((c) => c.tag !== null) ? ((await ctx.recoveryTagKey?.read()) ?? null) : null;
      const index = await findRecoveryCode(proof.code, unused, { userId: user.id, tagKey, dummy: () => dummyRecoveryCodeHash(ctx) });
      if (index < 0 || !ctx.store.recoveryCodes.consume(unused[index]!.id, ctx.clock.now())) return null;
      const left = ctx.store.recoveryCodes.countUnused(user.id);
      return { amr: ['mfa'], detail: `recovery code used; ${left} left`, recoveryCodesLeft: left };
    }),
};
