import { describe, expect, it } from 'vitest';
import { FakeClock, seededRandom } from '../../../test/support/fakes.js';
import type { CoreContext } from './context.js';
import { attemptKey, normaliseEmail, requireEmail } from './email.js';

describe('normaliseEmail', () => {
  it('trims and lower-cases so that sign-in is case-insensitive', () => {
    expect(normaliseEmail('  Alice@Example.COM ')).toBe('alice@example.com');
  });

  it('accepts internationalised addresses in NFC', () => {
    expect(normaliseEmail('Jose\u0301@example.org')).toBe('jos\u00e9@example.org');
  });

  it.each([
    '',
    'alice',
    'alice@',
    '@example.com',
    'alice@example',
    'alice@example.com trailing',
    'alice@example.',
    'alice@.example.com',
    'alice@example..com',
    'a b@example.com',
    'a@@example.com',
    `${'a'.repeat(250)}@example.com`,
  ])('refuses %j', (input) => {
    expect(normaliseEmail(input)).toBeNull();
    expect(() => requireEmail(input)).toThrow(/not a valid email address/);
  });
});

describe('requireEmail', () => {
  it('names what was typed, trimmed, cut to 80 characters and escaped', () => {
    expect(() => requireEmail('  not an email  ')).toThrow('"not an email" is not a valid email address');
    expect(() => requireEmail(`${'x'.repeat(100)}`)).toThrow(`"${'x'.repeat(80)}" is not a valid email address`);
    expect(() => requireEmail('eve\n@example.com')).toThrow('"eve\\n@example.com" is not a valid email address');
  });

  it('accepts up to 254 characters, the longest path SMTP carries', () => {
    const longest = `${'a'.repeat(64)}@${'b'.repeat(185)}.com`;
    expect(longest).toHaveLength(254);
    expect(requireEmail(longest)).toBe(longest);
    expect(normaliseEmail(`a${longest}`)).toBeNull();
  });

  it('accepts sub-domains and many dots', () => {
    expect(requireEmail('a.b@mail.example.co.uk')).toBe('a.b@mail.example.co.uk');
  });
});

describe('attemptKey', () => {
  const ctx = { random: seededRandom('attempts'), clock: new FakeClock() } as unknown as CoreContext;

  it('is the address itself for an address, and a keyed hash for anything else, the same whatever its case or spacing', () => {
    expect(attemptKey(ctx, ' Alice@Example.com ')).toBe('alice@example.com');
    const typed = attemptKey(ctx, 'Hunter2 Passphrase');
    expect(typed).toMatch(/^not-an-email:[A-Za-z0-9_-]{43}$/);
    expect(attemptKey(ctx, '  hunter2 passphrase ')).toBe(typed);
    expect(attemptKey(ctx, 'hunter3 passphrase')).not.toBe(typed);
    // Lower case, not upper: "ß" is not "SS", so these are two different inputs.
    expect(attemptKey(ctx, 'Straße passphrase')).not.toBe(attemptKey(ctx, 'STRASSE PASSPHRASE'));
  });
});
