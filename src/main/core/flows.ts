import type { Amr, ProviderAssertion, PasskeyKind } from '../../shared/index.js';
import { GatehouseError } from '../common/errors.js';
import type { Clock, RandomSource } from '../common/ports.js';
import { randomId } from '../common/ports.js';

/**
 * Multi-step procedures (a forced password change, later a second factor or an enrolment) are
 * flows kept in main: an unguessable id, a state, an expiry. The renderer only ever holds ids.
 * A flow is used up by `take`, so a step can never be replayed.
 */
export interface FlowStates {
  /** The password was right but must be replaced; `amr` is what the sign-in proved so far. */
  password_change: { userId: string; amr: Amr[]; mfaAt: number | null; viaProvider?: ProviderAssertion };
  /** The first factor is proved; a second one must follow. */
  second_factor: { userId: string; amr: Amr[]; viaProvider?: ProviderAssertion };
  /** The policy requires a second factor the account does not have yet: enrol one first. */
  mfa_enrolment: { userId: string; amr: Amr[]; viaProvider?: ProviderAssertion };
  /** A WebAuthn ceremony: its single-use challenge, and whose it is (null: usernameless). */
  passkey_registration: { userId: string; challenge: string; kind?: PasskeyKind };
  passkey_authentication: { userId: string | null; challenge: string; use: 'whole_sign_in' | 'second_step' };
  /** An authorization request sent to a provider through the system browser: what its answer must match. */
  /** A code sent to an address (`email:…`, `sms:+…`): the channel, the address, and where the code went. */
  one_time_code: { channel: 'email' | 'sms'; address: string; to: string };
  /** A code sent to a new email or phone of a signed-in account: confirmed by typing it back. */
  contact_change: { userId: string; channel: 'email' | 'sms'; address: string; to: string };
  provider_authorization: { providerId: string; redirectUri: string; codeVerifier: string; state: string; nonce: string; purpose: ProviderPurpose; startedAt: number };
}

/**
 * What a provider's answer is for: a sign-in; or, for a signed-in account, linking an identity
 * to it, or proving again that it is that account's person by a fresh login at the provider
 * (before a sensitive action, or to unlock the locked session).
 */
export type ProviderPurpose = { kind: 'sign_in' } | { kind: 'link'; userId: string } | { kind: 'reauth' | 'unlock'; userId: string };
export type FlowKind = keyof FlowStates;

interface Flow<K extends FlowKind> {
  kind: K;
  state: FlowStates[K];
  expiresAt: number;
}

export const FLOW_LIFETIME_MS: Record<FlowKind, number> = {
  password_change: 10 * 60_000,
  second_factor: 5 * 60_000,
  mfa_enrolment: 15 * 60_000,
  passkey_registration: 5 * 60_000,
  passkey_authentication: 5 * 60_000,
  provider_authorization: 5 * 60_000,
  // A code lives at most 10 minutes; resends keep the flow: an hour covers every send it may make.
  one_time_code: 60 * 60_000,
  contact_change: 15 * 60_000,
};

export class FlowRegistry {
  private readonly flows = new Map<string, Flow<FlowKind>>();

  constructor(
    private readonly clock: Clock,
    private readonly random: RandomSource,
  ) {}

  start<K extends FlowKind>(kind: K, state: FlowStates[K]): string {
    this.sweep();
    const id = randomId(this.random);
    this.flows.set(id, { kind, state, expiresAt: this.clock.now() + FLOW_LIFETIME_MS[kind] });
    return id;
  }

  /** Returns the flow and ends it; an unknown, used, expired or other-kind id is refused alike. */
  take<K extends FlowKind>(id: string, kind: K): { state: FlowStates[K]; expiresAt: number } {
    const flow = this.flows.get(id);
    this.flows.delete(id);
    if (!flow || flow.kind !== kind || flow.expiresAt <= this.clock.now()) {
      throw new GatehouseError('flow_expired', 'This step has expired or was already completed. Please start again.');
    }
    return { state: flow.state as FlowStates[K], expiresAt: flow.expiresAt };
  }

  /** Reads a flow without ending it (a step that may be retried, like a wrong code). */
  peek<K extends FlowKind>(id: string, kind: K): FlowStates[K] {
    const flow = this.flows.get(id);
    if (!flow || flow.kind !== kind || flow.expiresAt <= this.clock.now()) {
      this.flows.delete(id);
      throw new GatehouseError('flow_expired', 'This step has expired or was already completed. Please start again.');
    }
    return flow.state as FlowStates[K];
  }

  end(id: string): void {
    this.flows.delete(id);
  }

  /** Puts back a flow taken for a step the user must retry (a refused new password), expiry unchanged. */
  restore<K extends FlowKind>(id: string, kind: K, taken: { state: FlowStates[K]; expiresAt: number }): void {
    this.flows.set(id, { kind, state: taken.state, expiresAt: taken.expiresAt });
  }

  /** How many flows are held: expired ones go at the next start, so this stays bounded. */
  get size(): number {
    return this.flows.size;
  }

  private sweep(): void {
    const now = this.clock.now();
    for (const [id, flow] of this.flows) if (flow.expiresAt <= now) this.flows.delete(id);
  }
}
