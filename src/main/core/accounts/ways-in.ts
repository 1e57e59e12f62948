import type { UserRecord } from '../../store/users.js';
import type { CoreContext } from '../context.js';

/**
 * The ways an account can be signed in to on its own: its password, each passkey, each linked
 * provider identity. Every removal checks this inside its transaction, so that an account
 * always keeps at least one (read again from the store: another process may have changed it).
 */
export function waysIn(ctx: CoreContext, userId: string): number {
  const user = ctx.store.users.findById(userId);
  if (!user) return 0;
  return (user.passwordHash === null ? 0 : 1) + ctx.store.passkeys.countForUser(userId) + ctx.store.identities.listForUser(userId).length;
}

export function isLastWayIn(ctx: CoreContext, user: UserRecord): boolean {
  return waysIn(ctx, user.id) <= 1;
}
