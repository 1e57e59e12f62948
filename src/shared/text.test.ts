import { describe, expect, it } from 'vitest';
import { escapeUnsafeText, hasUnsafeText } from './text.js';

describe('unsafe text (issue 8, finding 5)', () => {
  it.each([
    ['a newline that would forge a row', 'ada\n2026-01-01 admin', 'ada\\n2026-01-01 admin'],
    ['a carriage return', 'ok\rforged', 'ok\\rforged'],
    ['an ANSI escape', 'x\u001b[2Jy', 'x\\x1b[2Jy'],
    ['an OSC 8 hyperlink', '\u001b]8;;http://evil\u0007link', '\\x1b]8;;http://evil\\x07link'],
    ['a C1 control', 'a\u009bb', 'a\\x9bb'],
    ['a right-to-left override', 'moc.elpmaxe@\u202eada', 'moc.elpmaxe@\\u202eada'],
    ['a bidi isolate', 'a\u2066b\u2069', 'a\\u2066b\\u2069'],
    ['a line separator', 'a\u2028b', 'a\\u2028b'],
  ])('%s is unsafe and escaped onto one line', (_what, text, shown) => {
    expect(hasUnsafeText(text)).toBe(true);
    expect(escapeUnsafeText(text)).toBe(shown);
    expect(hasUnsafeText(escapeUnsafeText(text))).toBe(false);
  });

  it('leaves ordinary text, accents, scripts and emoji alone', () => {
    for (const text of ['Zoë Ångström', 'δοκιμή@παράδειγμα.ελ', 'محمد', '李小龙', 'ada 🔑', 'C:\\Users\\ada']) {
      expect(hasUnsafeText(text)).toBe(false);
      expect(escapeUnsafeText(text)).toBe(text);
    }
  });
});
