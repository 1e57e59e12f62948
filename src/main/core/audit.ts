import type { NewAuditEntry } from '../store/audit.js';
import type { Actor, CoreContext } from './context.js';
import { actorLabel } from './context.js';

export type AuditFields = Omit<NewAuditEntry, 'at' | 'actor'>;

/** Appends one entry to the audit trail, stamped with the injected clock. */
export function audit(ctx: CoreContext, actor: Actor, fields: AuditFields): void {
  ctx.store.audit.append({ at: ctx.clock.now(), actor: actorLabel(actor), ...fields });
}
