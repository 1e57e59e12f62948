import { randomBytes } from 'node:crypto';

/** The core's view of time and randomness. Tests pass fakes; nothing else is faked. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export interface RandomSource {
  bytes(length: number): Buffer;
}

export const systemClock: Clock = { now: () => Date.now() };

export const cryptoRandom: RandomSource = { bytes: (length) => randomBytes(length) };

/** A random identifier: 16 bytes as base64url (128 bits, unguessable). */
export function randomId(random: RandomSource): string {
  return random.bytes(16).toString('base64url');
}
