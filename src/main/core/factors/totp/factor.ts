import type { CoreContext } from '../../context.js';
import type { Factor } from '../factor.js';
import { checkGuess } from '../guess.js';
import { verifyTotpCode } from './totp.js';

/** Whether the account has a confirmed authenticator app: what makes it two-step today. */
export function hasAuthenticatorApp(ctx: CoreContext, userId: string): boolean {
  return ctx.store.totp.countActive(userId) > 0;
}

/** A 6-digit code from an authenticator app (RFC 6238); each time step is accepted once. */
export const totpFactor: Factor<'totp'> = {
  method: 'totp',
  availableFor: hasAuthenticatorApp,
  verify: (ctx, user, proof, actor, purpose) =>
    checkGuess(ctx, user, 'totp', actor, purpose, async () => {
      const now = ctx.clock.now();
      for (const authenticator of ctx.store.totp.listActive(user.id)) {
        const check = await verifyTotpCode(authenticator.secret, proof.code, now, authenticator.lastUsedStep);
        if (check.valid && ctx.store.totp.recordUse(authenticator.id, check.step, now)) return { amr: ['otp', 'mfa'], detail: authenticator.name };
      }
      return null;
    }),
};
