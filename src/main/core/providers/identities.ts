import type { IdentityView } from '../../../shared/index.js';
import { GatehouseError } from '../../common/errors.js';
import type { UserRecord } from '../../store/users.js';
import { isLastWayIn } from '../accounts/ways-in.js';
import { audit } from '../audit.js';
import type { Actor, CoreContext } from '../context.js';
import { findProvider } from './providers.js';

export function listIdentities(ctx: CoreContext, userId: string): IdentityView[] {
  const names = new Map(ctx.store.providers.list().map((p) => [p.id, p.name]));
  return ctx.store.identities
    .listForUser(userId)
    .map((i) => ({ provider: names.get(i.providerId) ?? 'a removed provider', email: i.email, linkedAt: i.linkedAt, lastUsedAt: i.lastUsedAt }));
}

/** Unlinks the account's identity at a provider; never the account's only way in. */
export function unlinkIdentity(ctx: CoreContext, user: UserRecord, providerName: string, actor: Actor): void {
  ctx.store.transaction(() => {
    const provider = findProvider(ctx, providerName);
    const identity = ctx.store.identities.listForUser(user.id).find((i) => i.providerId === provider.id);
    if (!identity) throw new GatehouseError('not_found', `${user.email} is not linked to ${provider.name}.`);
    if (isLastWayIn(ctx, user)) {
      throw new GatehouseError('conflict', `${provider.name} is the only way to sign in to ${user.email}: add a password or a passkey before unlinking it.`);
    }
    ctx.store.identities.remove(identity.id);
    audit(ctx, actor, {
      action: 'identity.unlink',
      method: 'provider',
      accountId: user.id,
      email: user.email,
      outcome: 'success',
      detail: `${provider.name}: ${identity.issuer} ${identity.subject}`,
    });
  });
}
