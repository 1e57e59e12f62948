import type { Amr, SecondFactorMethod, AuditOutcome } from '../../../shared/index.js';
import type { UserRecord } from '../../store/users.js';
import { audit } from '../audit.js';
import type { Actor, CoreContext } from '../context.js';
import { admitAttempt, lockedOutcome, refund } from '../throttle-gate.js';
import type { FactorCheck, FactorPurpose } from './factor.js';

export interface RightGuess {
  amr: Amr[];
  /** What the audit trail says of the success (which authenticator, how many codes are left). */
  detail: string;
  recoveryCodesLeft?: number;
}

/**
 * One guess at a code, counted with the account's password guesses: refused while the account
 * is blocked, counted before the (slow) check, refunded when right. Every outcome is audited.
 */
export async function checkGuess(
  ctx: CoreContext,
  user: UserRecord,
  method: SecondFactorMethod,
  actor: Actor,
  purpose: FactorPurpose,
  check: () => Promise<RightGuess | null>,
): Promise<FactorCheck> {
  const record = (outcome: AuditOutcome, detail: string | null = null) => audit(ctx, actor, { action: purpose, method, email: user.email, accountId: user.id, outcome, detail });
  const admission = admitAttempt(ctx, user.email);
  if (admission.verdict.kind !== 'open') {
    record('locked');
    return lockedOutcome(admission.verdict);
  }
  const right = await check();
  if (!right) {
    record('failed');
    return { kind: 'failed' };
  }
  refund(ctx, user.email, admission);
  record('success', right.detail);
  return right.recoveryCodesLeft === undefined ? { kind: 'verified', amr: right.amr } : { kind: 'verified', amr: right.amr, recoveryCodesLeft: right.recoveryCodesLeft };
}
