import { createHash } from 'node:crypto';
import type { Clock, RandomSource } from '../../src/main/common/ports.js';

/** A clock that moves only when told to. */
export class FakeClock implements Clock {
  constructor(private time = Date.UTC(2026, 0, 15, 9, 0, 0)) {}
  now(): number {
    return this.time;
  }
  advance(ms: number): void {
    this.time += ms;
  }
  set(ms: number): void {
    this.time = ms;
  }
}

/** Deterministic bytes from a seed (SHA-256 in counter mode): the same test, the same secrets. */
export function seededRandom(seed = 'gatehouse-tests'): RandomSource {
  let counter = 0;
  return {
    bytes(length: number): Buffer {
      const chunks: Buffer[] = [];
      let have = 0;
      while (have < length) {
        const chunk = createHash('sha256').update(`${seed}:${counter++}`).digest();
        chunks.push(chunk);
        have += chunk.length;
      }
      return Buffer.concat(chunks).subarray(0, length);
    },
  };
}
