import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

describe('the rules at their edges', () => {
  const policy = (change: Partial<Policy> = {}) => ({ ...DEFAULT_POLICY, ...change });

  it('counts the classes of composition as lower, upper, digit and anything else', () => {
    const composed = policy({ passwordComposition: true, passwordMinLength: 8 });
    for (const ok of ['abcdEFGH', 'abcd1234', 'abcd!@#$', 'ABCD1234', 'ABCD!@#$', '1234!@#$'].map((p) => `${p}${p}`)) {
      expect(
        checkNewPassword(`${ok}Zz9`, composed, alice, blocklist).filter((p) => p.rule === 'composition'),
        ok,
      ).toEqual([]);
    }
    for (const weak of ['abcdefghijklmnop', 'ABCDEFGHIJKLMNOP', '1234567890123456', '!@#$%^&*()!@#$%^', 'abcdefghABCDEFGH', 'abcdefgh12345678', 'ABCDEFGH!@#$%^&*']) {
      expect(checkNewPassword(weak, composed, alice, blocklist), weak).toContainEqual({ rule: 'composition' });
    }
  });

  it('checks the blocklist up to the longest allowed password, and not beyond', () => {
    const long = 'x'.repeat(20);
    const list = blocklistFromLines([long]);
    expect(checkNewPassword(long, policy({ passwordMaxLength: 20 }), alice, list)).toEqual([{ rule: 'blocklisted' }]);
    expect(checkNewPassword(long, policy({ passwordMaxLength: 19 }), alice, list)).toEqual([{ rule: 'too_long', max: 19 }]);
  });

  it('refuses the whole address and its local part, in any case', () => {
    const context = { email: 'longlocalpart.name@example.com', mfaRequired: false };
    expect(checkNewPassword('LONGLOCALPART.NAME@EXAMPLE.COM', policy(), context, blocklist)).toContainEqual({ rule: 'same_as_email' });
    expect(checkNewPassword('LongLocalPart.Name', policy(), context, blocklist)).toContainEqual({ rule: 'same_as_email' });
    expect(checkNewPassword('longlocalpart.name at example', policy(), context, blocklist)).toEqual([]);
  });
});

describe('blocklists', () => {
  it('fold case and Unicode form, and skip blank lines', () => {
    const list = blocklistFromLines(['  Letmein  ', '', '   ', 'ＰＡＳＳＷＯＲＤ']);
    expect(list.size).toBe(2);
    expect(list.has('LETMEIN')).toBe(true);
    expect(list.has('password')).toBe(true);
    expect(list.has('')).toBe(false);
  });

  it('can be read from another file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-blocklist-'));
    const filler = Array.from({ length: 1000 }, (_, i) => `filler ${i}`).join('\n');
    writeFileSync(join(dir, 'list.txt'), `first one\nSecond One\n${filler}\n`);
    writeFileSync(join(dir, 'other.txt'), `third\n${filler}\n`);
    // Even after the bundled list was read and kept for the process; each file is its own list.
    expect(loadCommonPasswords().size).toBeGreaterThan(1000);
    const list = loadCommonPasswords(join(dir, 'list.txt'));
    expect([list.size, list.has('second one'), list.has('password')]).toEqual([1002, true, false]);
    expect([loadCommonPasswords(join(dir, 'other.txt')).has('third'), loadCommonPasswords().has('password')]).toEqual([true, true]);
    // A list that is a fraction of the one shipped (the wrong file) is refused, not quietly used.
    writeFileSync(join(dir, 'short.txt'), 'only\ntwo\n');
    expect(() => loadCommonPasswords(join(dir, 'short.txt'))).toThrow(/has 2 entries; Gatehouse ships 10 000/);
  });
});
