import { throttleVerdict } from '../../../common/throttle.js';
import { audit } from '../../audit.js';
import { lockedOutcome } from '../../throttle-gate.js';
import type { Factor } from '../factor.js';
import { beginPasskeyAssertion, verifyPasskeyAssertion } from './ceremonies.js';

/**
 * A passkey of the account, answering a challenge limited to its passkeys, as a second step or a
 * step-up: its user verified where the authenticator can (amr hwk|swk, user), possession alone
 * where it cannot (a security key with no PIN: hwk). A valid one still does not lift a block.
 */
export const passkeyFactor: Factor<'passkey'> = {
  method: 'passkey',
  availableFor: (ctx, userId) => ctx.store.passkeys.countForUser(userId) > 0,
  begin: (ctx, user) => beginPasskeyAssertion(ctx, user, 'second_step'),
  async verify(ctx, user, proof, actor, purpose) {
    const check = await verifyPasskeyAssertion(ctx, proof.ceremonyId, proof.response, actor, purpose, 'second_step');
    if (check.kind !== 'verified' || check.user.id !== user.id) return { kind: 'failed' };
    const verdict = throttleVerdict(ctx.store.throttle.get(user.email), ctx.clock.now());
    if (verdict.kind !== 'open') {
      audit(ctx, actor, { action: purpose, method: 'passkey', accountId: user.id, email: user.email, outcome: 'locked' });
      return lockedOutcome(verdict);
    }
    return { kind: 'verified', amr: check.amr };
  },
};
