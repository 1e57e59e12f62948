import type * as crypto from 'node:crypto';
import { timingSafeEqual } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { sameToken } from './http-transport.js';

// The real comparison, watched: timing tests are noise on a shared machine, so the test checks
// that the decision is made by crypto.timingSafeEqual over the whole token, not by ===.
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof crypto>();
  return { ...real, timingSafeEqual: vi.fn(real.timingSafeEqual) };
});

const TOKEN = 'k3Jd8s0-Qw1_ZxYvUtSrQpOnMlKjIhGfEdCbA9876543';

describe('sameToken', () => {
  it('compares tokens of the right length with timingSafeEqual, byte for byte', () => {
    const spy = vi.mocked(timingSafeEqual);
    spy.mockClear();
    expect(sameToken(TOKEN, TOKEN)).toBe(true);
    const almost = `${TOKEN.slice(0, -1)}x`;
    expect(sameToken(almost, TOKEN)).toBe(false);
    expect(spy.mock.calls.map(([a, b]) => [Buffer.from(a as Uint8Array).toString(), Buffer.from(b as Uint8Array).toString()])).toEqual([
      [TOKEN, TOKEN],
      [almost, TOKEN],
    ]);
    expect(spy.mock.results.map((r) => r.value)).toEqual([true, false]);
  });

  it('refuses a missing, repeated or differently sized token without comparing it', () => {
    const spy = vi.mocked(timingSafeEqual);
    spy.mockClear();
    for (const given of [undefined, [TOKEN, TOKEN], '', TOKEN.slice(1), `${TOKEN}x`]) expect(sameToken(given, TOKEN)).toBe(false);
    expect(spy).not.toHaveBeenCalled();
  });
});
