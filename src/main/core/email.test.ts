import { describe, expect, it } from 'vitest';
import { normaliseEmail, requireEmail } from './email.js';

describe('normaliseEmail', () => {
  it('trims and lower-cases so that sign-in is case-insensitive', () => {
    expect(normaliseEmail('  Alice@Example.COM ')).toBe('alice@example.com');
  });

  it('accepts internationalised addresses in NFC', () => {
    expect(normaliseEmail('Jose\u0301@example.org')).toBe('jos\u00e9@example.org');
  });

  it.each(['', 'alice', 'alice@', '@example.com', 'alice@example', 'a b@example.com', 'a@@example.com', `${'a'.repeat(250)}@example.com`])(
    'refuses %j',
    (input) => {
      expect(normaliseEmail(input)).toBeNull();
      expect(() => requireEmail(input)).toThrow(/not a valid email address/);
    },
  );
});
