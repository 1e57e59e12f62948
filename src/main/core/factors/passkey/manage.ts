import { cleanName, NAME_LIMITS, type PasskeyView } from '../../../../shared/index.js';
import type { UserRecord } from '../../../store/users.js';
import { audit } from '../../audit.js';
import type { Actor, CoreContext } from '../../context.js';
import { GatehouseError } from '../../../common/errors.js';
import { isLastWayIn } from '../../accounts/ways-in.js';
import { passkeyView } from './ceremonies.js';
import { hasSecondFactor } from '../../assurance.js';
import { mfaRequiredFor } from '../../policy-settings.js';

export function listPasskeys(ctx: CoreContext, userId: string): PasskeyView[] {
  return ctx.store.passkeys.listForUser(userId).map(passkeyView);
}

function ownPasskey(ctx: CoreContext, user: UserRecord, id: string) {
  const passkey = ctx.store.passkeys.find(id);
  if (!passkey || passkey.userId !== user.id) throw new GatehouseError('not_found', 'There is no such passkey on this account.');
  return passkey;
}

export function renamePasskey(ctx: CoreContext, user: UserRecord, id: string, nameInput: string, actor: Actor): PasskeyView {
  const cleaned = cleanName('passkey', nameInput);
  if (!cleaned.ok || !cleaned.name) throw new GatehouseError('invalid_input', `Give the passkey a name of up to ${NAME_LIMITS.passkey} characters.`);
  const name = cleaned.name;
  return ctx.store.transaction(() => {
    const passkey = ownPasskey(ctx, user, id);
    ctx.store.passkeys.rename(id, name);
    audit(ctx, actor, { action: 'passkey.rename', method: 'passkey', accountId: user.id, email: user.email, outcome: 'success', detail: name });
    return passkeyView({ ...passkey, name });
  });
}

/** Removes a passkey for good; never the account's only way to sign in. */
export function removePasskey(ctx: CoreContext, user: UserRecord, id: string, actor: Actor): void {
  ctx.store.transaction(() => {
    const passkey = ownPasskey(ctx, user, id);
    if (isLastWayIn(ctx, user)) {
      throw new GatehouseError('conflict', 'This passkey is the only way to sign in to this account: add another way before removing it.');
    }
    const lastSecondFactor = ctx.store.passkeys.countForUser(user.id) === 1 && ctx.store.totp.countActive(user.id) === 0;
    if (lastSecondFactor && mfaRequiredFor(ctx.policy(), user)) {
      throw new GatehouseError('conflict', 'Two-step verification is required for this account: add an authenticator app or another passkey before removing this one.');
    }
    ctx.store.passkeys.remove(id);
    // Recovery codes stand in for a second factor: with none left, they would be a bypass.
    if (!hasSecondFactor(ctx, user.id)) ctx.store.recoveryCodes.deleteAll(user.id);
    audit(ctx, actor, { action: 'passkey.remove', method: 'passkey', accountId: user.id, email: user.email, outcome: 'success', detail: passkey.name });
  });
}
