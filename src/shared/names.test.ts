import { describe, expect, it } from 'vitest';
import { cleanName, NAME_LIMITS } from './names.js';

describe('cleanName', () => {
  it('keeps one Unicode form and no surrounding space, for every kind', () => {
    for (const kind of ['displayName', 'authenticator', 'passkey'] as const) expect(cleanName(kind, '  Zoe\u0301 ')).toEqual({ ok: true, name: 'Zo\u00e9' });
  });

  it('refuses control and text-direction characters inside a display name or a provider name, which others read', () => {
    for (const bad of ['Eve\u202e', 'a\u0007b', 'x\u2066y']) expect(cleanName('provider', bad)).toMatchObject({ ok: false });
    for (const bad of ['Eve\u202e', 'a\u0007b', 'x\u2066y'])
      expect(cleanName('displayName', bad)).toEqual({ ok: false, problem: 'A name cannot contain control or text-direction characters.' });
    expect(cleanName('displayName', 'Bob\n')).toEqual({ ok: true, name: 'Bob' });
  });

  it('drops only control characters from an authenticator or passkey name, so names stored before still match', () => {
    expect(cleanName('authenticator', 'pho\u0007ne')).toEqual({ ok: true, name: 'phone' });
    expect(cleanName('passkey', 'key\u200e')).toEqual({ ok: true, name: 'key\u200e' });
  });

  it('holds each kind to its limit, after cleaning', () => {
    for (const kind of ['displayName', 'authenticator', 'passkey', 'provider'] as const) {
      const limit = NAME_LIMITS[kind];
      expect(cleanName(kind, ` ${'x'.repeat(limit)} `)).toEqual({ ok: true, name: 'x'.repeat(limit) });
      expect(cleanName(kind, 'x'.repeat(limit + 1))).toEqual({ ok: false, problem: `The name is longer than ${limit} characters.` });
    }
    expect(NAME_LIMITS).toEqual({ displayName: 100, authenticator: 40, passkey: 60, provider: 40 });
  });

  it('may give an empty name: the caller refuses it or uses a default', () => {
    expect(cleanName('passkey', ' \u0007 ')).toEqual({ ok: true, name: '' });
  });
});
