import { APP_HOST, appOrigin, type Policy } from '../../shared/index.js';
import type { Store } from '../store/store.js';
import type { Blocklist } from './passwords/blocklist.js';
import type { KdfParams } from './passwords/argon2.js';
import type { Clock, RandomSource } from '../common/ports.js';
import { FlowRegistry } from './flows.js';
import { readPolicy } from './policy-settings.js';
import { RECOVERY_KDF } from './factors/recovery-code/recovery-codes.js';
import { kdfOf } from './passwords/argon2.js';

/** Everything the core needs from the world, passed in: nothing here reaches for a global. */
export interface CoreDeps {
  store: Store;
  clock: Clock;
  random: RandomSource;
  kdf: KdfParams;
  /** For recovery codes: random, so cheaper than passwords' (see recovery-codes.ts). */
  recoveryKdf?: KdfParams;
  blocklist: Blocklist;
  /** WebAuthn's relying party: the app's own host, and the origin its renderer runs at. */
  webauthn?: WebAuthnConfig;
  /** The key that tags recovery codes, kept outside the store (recovery-codes.ts); without it codes are found the slow way. */
  recoveryTagKey?: SecretOutsideStore;
}

/** A secret of the store kept outside it (in the keychain): null whenever it cannot be had. */
export interface SecretOutsideStore {
  read(): Promise<Buffer | null>;
  /** The secret, made and kept first when there is none. */
  readOrCreate(): Promise<Buffer | null>;
}

export interface WebAuthnConfig {
  rpId: string;
  rpName: string;
  /** A function: the preview server knows its port only once it listens. */
  origin: () => string;
}

export interface CoreContext extends CoreDeps {
  recoveryKdf: KdfParams;
  webauthn: WebAuthnConfig;
  policy(): Policy;
  flows: FlowRegistry;
}

export function createContext(deps: CoreDeps): CoreContext {
  return {
    ...deps,
    // The policy's Argon2id parameters when it names some; else those the caller gave (the default, or a test's).
    get kdf() {
      const hashing = readPolicy(deps.store).passwordHashing;
      return hashing ? kdfOf(hashing) : deps.kdf;
    },
    recoveryKdf: deps.recoveryKdf ?? RECOVERY_KDF,
    webauthn: deps.webauthn ?? { rpId: APP_HOST, rpName: 'Gatehouse', origin: () => appOrigin() },
    policy: () => readPolicy(deps.store),
    flows: new FlowRegistry(deps.clock, deps.random),
  };
}

/** Who is acting, as the audit trail names them. */
export type Actor = { kind: 'cli'; osUser: string } | { kind: 'user'; id: string; email: string } | { kind: 'anonymous' };

export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case 'cli':
      return `cli:${actor.osUser}`;
    case 'user':
      return `user:${actor.email}`;
    case 'anonymous':
      return 'anonymous';
  }
}
