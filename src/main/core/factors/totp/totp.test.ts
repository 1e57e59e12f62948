import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../../test/support/fakes.js';
import { CROCKFORD, encodeBase32, RFC4648 } from '../../../common/base32.js';
import { createTotpSecret, groupSecret, normaliseTotpCode, totpCodeAt, totpUri, verifyTotpCode } from './totp.js';

// RFC 6238 Appendix B: the SHA-1 seed is the ASCII string "12345678901234567890".
const RFC_SECRET = encodeBase32(Buffer.from('12345678901234567890', 'ascii'), RFC4648);
const RFC_VECTORS: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('RFC 6238 Appendix B (SHA-1)', () => {
  it.each(RFC_VECTORS)('at T=%i the 8-digit code is %s', async (seconds, code) => {
    expect(await totpCodeAt(RFC_SECRET, seconds * 1000, 8)).toBe(code);
  });

  it('gives the last six digits as the 6-digit code', async () => {
    expect(await totpCodeAt(RFC_SECRET, 59_000)).toBe('287082');
  });
});

describe('base32', () => {
  it('encodes RFC 4648 test vectors (§10, without padding)', () => {
    expect(encodeBase32(Buffer.from('foobar'), RFC4648)).toBe('MZXW6YTBOI');
    expect(encodeBase32(Buffer.from('f'), RFC4648)).toBe('MY');
  });

  it("uses Crockford's alphabet without I, L, O, U", () => {
    expect(CROCKFORD).not.toMatch(/[ILOU]/);
    expect(encodeBase32(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff]), CROCKFORD)).toBe('ZZZZZZZZ');
  });
});

describe('secrets and codes', () => {
  it('makes 160-bit secrets: 32 base32 characters', () => {
    const secret = createTotpSecret(seededRandom());
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(groupSecret(secret).split(' ')).toHaveLength(8);
  });

  it('builds the Key URI an authenticator app scans', () => {
    expect(totpUri('JBSWY3DPEHPK3PXP', 'ada@example.com')).toBe('otpauth://totp/Gatehouse:ada%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Gatehouse');
  });

  it('accepts codes typed with spaces or hyphens, and nothing but six digits', () => {
    expect(normaliseTotpCode(' 123 456 ')).toBe('123456');
    expect(normaliseTotpCode('123-456')).toBe('123456');
    for (const bad of ['12345', '1234567', '12a456', '', '１２３４５６']) expect(normaliseTotpCode(bad)).toBeNull();
  });
});

describe('verifyTotpCode', () => {
  const secret = RFC_SECRET;
  const now = 1_700_000_015_000; // 15 s into a step
  const step = Math.floor(now / 30_000);

  it('accepts the current step and one either side, and no further', async () => {
    for (const offset of [-1, 0, 1]) {
      expect(await verifyTotpCode(secret, await totpCodeAt(secret, now + offset * 30_000), now, null)).toEqual({ valid: true, step: step + offset });
    }
    for (const offset of [-2, 2]) {
      expect(await verifyTotpCode(secret, await totpCodeAt(secret, now + offset * 30_000), now, null)).toEqual({ valid: false });
    }
  });

  it('at the edges of a step, still only ±1 step', async () => {
    const start = step * 30_000; // first millisecond of the step
    const end = start + 29_999; // last millisecond
    expect((await verifyTotpCode(secret, await totpCodeAt(secret, start - 30_000), start, null)).valid).toBe(true);
    expect((await verifyTotpCode(secret, await totpCodeAt(secret, start - 60_000), start, null)).valid).toBe(false);
    expect((await verifyTotpCode(secret, await totpCodeAt(secret, end + 30_000), end, null)).valid).toBe(true);
    expect((await verifyTotpCode(secret, await totpCodeAt(secret, end + 60_000), end, null)).valid).toBe(false);
  });

  it('never accepts a step at or below the last accepted one (RFC 6238 §5.2)', async () => {
    const code = await totpCodeAt(secret, now);
    expect(await verifyTotpCode(secret, code, now, step)).toEqual({ valid: false });
    expect(await verifyTotpCode(secret, await totpCodeAt(secret, now - 30_000), now, step)).toEqual({ valid: false });
    expect(await verifyTotpCode(secret, await totpCodeAt(secret, now + 30_000), now, step)).toEqual({ valid: true, step: step + 1 });
    expect(await verifyTotpCode(secret, code, now, step + 5)).toEqual({ valid: false });
  });
});
