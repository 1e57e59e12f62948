import type { AuthenticationResponseJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import type { Amr, SecondFactorMethod, SecondFactorProof } from '../../../shared/index.js';
import type { UserRecord } from '../../store/users.js';
import type { Actor, CoreContext } from '../context.js';

/**
 * A second factor, as sign-in and step-up see it. Each lives in its own folder under factors/
 * (how it is enrolled, stored and checked) and is listed once in registry.ts; the sign-in
 * transitions and the step-up only ever talk to this interface.
 */
export interface Factor<K extends SecondFactorMethod = SecondFactorMethod> {
  method: K;
  /** Whether this account can use it now, as the second step of a sign-in or a step-up. */
  availableFor(ctx: CoreContext, userId: string): boolean;
  /** A challenge the proof must answer, for a factor that needs one (a passkey); codes need none. */
  begin?(ctx: CoreContext, user: UserRecord | null): Promise<FactorChallenge>;
  /**
   * Checks a proof for `user`, throttled with the account's other guesses, and says which `amr`
   * values it proves. Each proof is accepted once, even by two checks racing each other.
   */
  verify(ctx: CoreContext, user: UserRecord, proof: ProofOf<K>, actor: Actor, purpose: FactorPurpose): Promise<FactorCheck>;
}

/** What a second factor is proved for: the audit trail names it. */
export type FactorPurpose = 'sign_in' | 'step_up';

/** A proof of any factor: a code as typed, or a passkey's answer to the challenge of `ceremonyId`. */
export type FactorProof = SecondFactorProof | { kind: 'passkey'; ceremonyId: string; response: AuthenticationResponseJSON };
export type ProofOf<K extends SecondFactorMethod> = Extract<FactorProof, { kind: K }>;

export interface FactorChallenge {
  flowId: string;
  options: PublicKeyCredentialRequestOptionsJSON;
}

export type FactorCheck = { kind: 'verified'; amr: Amr[]; recoveryCodesLeft?: number } | { kind: 'failed' } | { kind: 'locked'; retryAfterMs?: number };
