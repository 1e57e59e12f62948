import type { UserRecord } from '../../../store/users.js';
import { audit } from '../../audit.js';
import type { Actor, CoreContext } from '../../context.js';
import { GatehouseError } from '../../../common/errors.js';
import { hasSecondFactor } from '../../assurance.js';
import { hashRecoveryCode, newRecoveryCode, RECOVERY_CODE_COUNT, recoveryCodeTag } from './recovery-codes.js';

/** Replaces the user's recovery codes with ten fresh ones and returns them, for showing once. */
export async function regenerateRecoveryCodes(ctx: CoreContext, user: UserRecord, actor: Actor): Promise<string[]> {
  if (!hasSecondFactor(ctx, user.id)) throw new GatehouseError('conflict', 'Recovery codes come with two-step verification: add an authenticator app or a passkey first.');
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => newRecoveryCode(ctx.random));
  // Without the keychain's tag key (it could not be made), codes are stored untagged and found the slow way.
  const tagKey = (await ctx.recoveryTagKey?.readOrCreate()) ?? null;
  const stored: { hash: string; tag: string | null }[] = [];
  for (const code of codes) stored.push({ hash: await hashRecoveryCode(code, ctx.recoveryKdf, ctx.random), tag: tagKey ? recoveryCodeTag(tagKey, user.id, code) : null });
  ctx.store.transaction(() => {
    ctx.store.recoveryCodes.replaceAll(user.id, stored, ctx.clock.now());
    audit(ctx, actor, {
      action: 'recovery_codes.generate',
      accountId: user.id,
      email: user.email,
      outcome: 'success',
      // Said, so that a keychain that could not keep the tag key is seen: these codes are then checked one by one.
      ...(tagKey ? {} : { detail: 'without tags: the keychain did not give the tag key' }),
    });
  });
  return codes;
}
