import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, Policy } from '../../../shared/index.js';
import { blocklistFromLines, loadCommonPasswords } from './blocklist.js';
import { checkNewPassword, passwordLength } from './policy.js';

const blocklist = blocklistFromLines(['password123', 'letmein', 'correcthorsebatterystaple']);
const alice = { email: 'alice@example.com', mfaRequired: false };

describe('checkNewPassword', () => {
  it('asks for 15 characters when the password can be the only factor', () => {
    expect(checkNewPassword('fourteen chars', DEFAULT_POLICY, alice, blocklist)).toEqual([{ rule: 'too_short', min: 15 }]);
    expect(checkNewPassword('fifteen chars!!', DEFAULT_POLICY, alice, blocklist)).toEqual([]);
  });

  it('asks for 8 characters when a second factor is required', () => {
    const mfa = { ...alice, mfaRequired: true };
    expect(checkNewPassword('seven c', DEFAULT_POLICY, mfa, blocklist)).toEqual([{ rule: 'too_short', min: 8 }]);
    expect(checkNewPassword('eight ch', DEFAULT_POLICY, mfa, blocklist)).toEqual([]);
  });

  it('allows 256 characters of any Unicode and refuses one more', () => {
    const long = 'пароль 🔑 '.repeat(32); // 9 code points × 32 = 288
    expect(passwordLength(long.slice(0, 256 * 2))).toBeGreaterThan(256);
    const exactly256 = [...long].slice(0, 256).join('');
    expect(checkNewPassword(exactly256, DEFAULT_POLICY, alice, blocklist)).toEqual([]);
    const tooLong = [...long].slice(0, 257).join('');
    expect(checkNewPassword(tooLong, DEFAULT_POLICY, alice, blocklist)).toEqual([{ rule: 'too_long', max: 256 }]);
  });

  it('counts code points after NFKC, not UTF-16 units', () => {
    expect(passwordLength('🔑🔑')).toBe(2);
    expect(passwordLength('e\u0301')).toBe(1);
  });

  it('refuses blocklisted passwords whatever their case', () => {
    const eight = { ...alice, mfaRequired: true };
    expect(checkNewPassword('PassWord123', DEFAULT_POLICY, eight, blocklist)).toEqual([{ rule: 'blocklisted' }]);
  });

  it('refuses the email address or its local part', () => {
    expect(checkNewPassword('Alice@Example.com', DEFAULT_POLICY, { ...alice, mfaRequired: true }, blocklist)).toContainEqual({ rule: 'same_as_email' });
  });

  it('has no composition rules unless an administrator turns them on', () => {
    const strict = Policy.parse({ passwordComposition: true });
    expect(checkNewPassword('all lower case words', DEFAULT_POLICY, alice, blocklist)).toEqual([]);
    expect(checkNewPassword('all lower case words', strict, alice, blocklist)).toEqual([{ rule: 'composition' }]);
    expect(checkNewPassword('Mixed case and 3 digits', strict, alice, blocklist)).toEqual([]);
  });

  it('ships a real list of at least 10,000 common passwords', () => {
    const common = loadCommonPasswords();
    expect(common.size).toBeGreaterThanOrEqual(9900); // a few entries fold together by case
    expect(common.has('123456')).toBe(true);
    expect(common.has('qwerty')).toBe(true);
    expect(common.has('a rather unusual sentence')).toBe(false);
  });
});
