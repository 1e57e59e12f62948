// A software WebAuthn authenticator for integration tests: real P-256 keys, real CBOR, real
// signatures, so that the server's verification runs exactly as it does for a device. Each
// knob (origin, RP ID, user verification, counter) exists to test one refusal path.
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

type Cbor = number | string | Uint8Array | Cbor[] | Map<Cbor, Cbor> | { [key: string]: Cbor };

function head(major: number, length: number): Buffer {
  if (length < 24) return Buffer.from([(major << 5) | length]);
  if (length < 256) return Buffer.from([(major << 5) | 24, length]);
  if (length < 65536) return Buffer.from([(major << 5) | 25, length >> 8, length & 255]);
  const b = Buffer.alloc(5);
  b[0] = (major << 5) | 26;
  b.writeUInt32BE(length, 1);
  return b;
}

/** Just enough CBOR (RFC 8949) for attestation objects and COSE keys. */
export function encodeCbor(value: Cbor): Buffer {
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([head(3, bytes.length), bytes]);
  }
  if (value instanceof Uint8Array) return Buffer.concat([head(2, value.length), Buffer.from(value)]);
  if (Array.isArray(value)) return Buffer.concat([head(4, value.length), ...value.map(encodeCbor)]);
  const entries = value instanceof Map ? [...value.entries()] : Object.entries(value);
  return Buffer.concat([head(5, entries.length), ...entries.flatMap(([k, v]) => [encodeCbor(k), encodeCbor(v)])]);
}

const b64url = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64url');
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();

const UP = 0x01;
const UV = 0x04;
const BE = 0x08;
const BS = 0x10;
const AT = 0x40;

export interface SoftCredential {
  id: Buffer;
  privateKey: KeyObject;
  publicKey: KeyObject;
  userHandle: string | null;
  counter: number;
  synced: boolean;
}

export interface CeremonyKnobs {
  origin?: string;
  rpId?: string;
  userVerified?: boolean;
  /** Force the signature counter the authenticator reports. */
  counter?: number;
  /** Another user handle in the assertion, or null to leave it out. */
  userHandle?: string | null;
}

export class SoftAuthenticator {
  readonly credentials: SoftCredential[] = [];
  constructor(
    private readonly defaults: { origin: string; rpId: string },
    private readonly synced = false,
  ) {}

  /**
   * Answers options from generateRegistrationOptions with a new resident credential, or with
   * `reuse`, as an authenticator that ignores the excluded credentials would.
   */
  register(options: { challenge: string; user: { id: string } }, knobs: CeremonyKnobs = {}, reuse?: SoftCredential) {
    let credential = reuse;
    if (!credential) {
      const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      credential = { id: sha256(`${Math.random()}`).subarray(0, 16), privateKey, publicKey, userHandle: options.user.id, counter: knobs.counter ?? 0, synced: this.synced };
      this.credentials.push(credential);
    }
    const jwk = credential.publicKey.export({ format: 'jwk' });
    const cose = new Map<Cbor, Cbor>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, Buffer.from(jwk.x!, 'base64url')],
      [-3, Buffer.from(jwk.y!, 'base64url')],
    ]);
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(credential.id.length);
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(credential.counter);
    const authData = Buffer.concat([
      sha256(knobs.rpId ?? this.defaults.rpId),
      Buffer.from([this.flags(knobs) | AT]),
      counter,
      Buffer.alloc(16), // AAGUID: all zeros, as with attestation "none"
      idLength,
      credential.id,
      encodeCbor(cose),
    ]);
    const clientDataJSON = JSON.stringify({ type: 'webauthn.create', challenge: options.challenge, origin: knobs.origin ?? this.defaults.origin, crossOrigin: false });
    return {
      id: b64url(credential.id),
      rawId: b64url(credential.id),
      type: 'public-key' as const,
      response: { clientDataJSON: b64url(clientDataJSON), attestationObject: b64url(encodeCbor({ fmt: 'none', attStmt: {}, authData })), transports: ['internal' as const] },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform' as const,
    };
  }

  /** Answers options from generateAuthenticationOptions with `credential` (default: the last made). */
  assert(options: { challenge: string }, knobs: CeremonyKnobs = {}, credential = this.credentials.at(-1)!) {
    credential.counter = knobs.counter ?? credential.counter + 1;
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(credential.counter);
    const authData = Buffer.concat([sha256(knobs.rpId ?? this.defaults.rpId), Buffer.from([this.flags(knobs)]), counter]);
    const clientDataJSON = JSON.stringify({ type: 'webauthn.get', challenge: options.challenge, origin: knobs.origin ?? this.defaults.origin, crossOrigin: false });
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), credential.privateKey);
    return {
      id: b64url(credential.id),
      rawId: b64url(credential.id),
      type: 'public-key' as const,
      response: {
        clientDataJSON: b64url(clientDataJSON),
        authenticatorData: b64url(authData),
        signature: b64url(signature),
        ...((knobs.userHandle === undefined ? credential.userHandle : knobs.userHandle) ? { userHandle: knobs.userHandle ?? credential.userHandle! } : {}),
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform' as const,
    };
  }

  private flags(knobs: CeremonyKnobs): number {
    return UP | (knobs.userVerified === false ? 0 : UV) | (this.synced ? BE | BS : 0);
  }
}
