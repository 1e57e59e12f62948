import type { Amr, SecondFactorMethod } from '../../../shared/index.js';
import type { UserRecord } from '../../store/users.js';
import type { Actor, CoreContext } from '../context.js';
import { GatehouseError } from '../../common/errors.js';
import type { Factor, FactorCheck, FactorProof, FactorPurpose } from './factor.js';
import { passkeyFactor } from './passkey/factor.js';
import { recoveryCodeFactor } from './recovery-code/factor.js';
import { totpFactor } from './totp/factor.js';
import { hasSecondFactor } from '../assurance.js';
import { smsFactor } from './sms/factor.js';

/** Every second factor, in the order a sign-in offers them. A new factor is one line here. */
const FACTORS: { [K in SecondFactorMethod]: Factor<K> } = {
  totp: totpFactor,
  recovery_code: recoveryCodeFactor,
  sms: smsFactor,
  passkey: passkeyFactor,
};

/**
 * The second steps this account can take now. An authenticator app or a passkey is what makes an
 * account two-step (assurance.ts): without one, none is asked; with one, every factor the account
 * holds is offered (recovery codes, and a texted code where the policy allows it).
 */
export function secondFactorMethods(ctx: CoreContext, userId: string, firstFactor: Amr[] = []): SecondFactorMethod[] {
  if (!hasSecondFactor(ctx, userId)) return [];
  return (Object.keys(FACTORS) as SecondFactorMethod[]).filter((method) => FACTORS[method].availableFor(ctx, userId) && !sameAsFirst(method, firstFactor));
}

/** A texted code after a texted code would be the same phone twice: not a second factor. */
export function sameAsFirst(method: SecondFactorMethod, firstFactor: Amr[]): boolean {
  return method === 'sms' && firstFactor.includes('sms');
}

/** The challenge a factor's proof must answer, for the factors that have one. */
export async function beginFactor(ctx: CoreContext, method: SecondFactorMethod, user: UserRecord | null) {
  const factor = FACTORS[method];
  if (!factor.begin) throw new GatehouseError('invalid_input', `A ${method} needs no challenge.`);
  return factor.begin(ctx, user);
}

export function verifyFactor(ctx: CoreContext, user: UserRecord, proof: FactorProof, actor: Actor, purpose: FactorPurpose): Promise<FactorCheck> {
  return (FACTORS[proof.kind] as Factor).verify(ctx, user, proof, actor, purpose);
}
