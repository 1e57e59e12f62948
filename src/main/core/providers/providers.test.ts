import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CLI_ACTOR, copyCoreFixture, createCoreFixture, type CoreFixture } from '../../../../test/support/core.js';

let f: CoreFixture;
/** An empty store made once; each test works on its own copy, keeping the keychain quiet. */
let template: CoreFixture;
beforeAll(async () => {
  template = await createCoreFixture();
});
afterAll(() => template.cleanup());
beforeEach(async () => {
  f = await copyCoreFixture(template);
});
afterEach(() => f.cleanup());

const base = { name: 'Contoso', issuer: 'https://login.contoso.example/tenant/v2.0/', clientId: 'abc-123' };

describe('adding a provider', () => {
  it('keeps an https issuer exactly as given, the default scopes and email claim, and a public client', () => {
    expect(f.core.providers.add(base, CLI_ACTOR)).toEqual({
      name: 'Contoso',
      issuer: 'https://login.contoso.example/tenant/v2.0/',
      clientId: 'abc-123',
      hasClientSecret: false,
      scopes: ['openid', 'email', 'profile'],
      allowRegistration: false,
      emailClaim: 'email',
      insecureLoopbackIssuer: false,
      trustMfa: false,
      mfaAcr: [],
      discovery: { state: 'unknown' },
      linkedIdentities: 0,
      createdAt: f.clock.now(),
    });
    expect(f.core.audit.trail({ action: 'provider.add' })).toMatchObject([{ outcome: 'success', detail: 'Contoso https://login.contoso.example/tenant/v2.0/' }]);
  });

  it('allows plain http only on the loopback interface, and only when asked loudly', () => {
    const loopback = { ...base, issuer: 'http://127.0.0.1:9000' };
    expect(() => f.core.providers.add(loopback, CLI_ACTOR)).toThrow(/development only/);
    expect(() => f.core.providers.add({ ...base, issuer: 'http://sso.example.com', dangerouslyAllowInsecureLoopbackIssuer: true }, CLI_ACTOR)).toThrow(
      'The issuer must be an https URL.',
    );
    expect(() => f.core.providers.add({ ...base, issuer: 'ftp://sso.example.com' }, CLI_ACTOR)).toThrow('The issuer must be an https URL.');
    expect(() => f.core.providers.add({ ...base, issuer: 'not a url' }, CLI_ACTOR)).toThrow('The issuer "not a url" is not a URL.');
    expect(f.core.providers.add({ ...loopback, dangerouslyAllowInsecureLoopbackIssuer: true }, CLI_ACTOR)).toMatchObject({ insecureLoopbackIssuer: true });
    // The switch means nothing for an https issuer.
    expect(f.core.providers.add({ ...base, name: 'Other', dangerouslyAllowInsecureLoopbackIssuer: true }, CLI_ACTOR)).toMatchObject({ insecureLoopbackIssuer: false });
  });

  it('checks scopes, the email claim, the client id and the secret', () => {
    expect(f.core.providers.add({ ...base, scopes: ' openid  email openid groups ' }, CLI_ACTOR).scopes).toEqual(['openid', 'email', 'groups']);
    expect(() => f.core.providers.add({ ...base, name: 'B', scopes: 'email' }, CLI_ACTOR)).toThrow(/must include "openid"/);
    expect(() => f.core.providers.add({ ...base, name: 'B', scopes: 'openid "x"' }, CLI_ACTOR)).toThrow('""x"" is not a valid scope.');
    expect(() => f.core.providers.add({ ...base, name: 'B', emailClaim: 'e mail' }, CLI_ACTOR)).toThrow('"e mail" is not a claim name.');
    expect(() => f.core.providers.add({ ...base, name: 'B', clientId: '  ' }, CLI_ACTOR)).toThrow(/Give the client id/);
    expect(() => f.core.providers.add({ ...base, name: 'B', clientSecret: ' ' }, CLI_ACTOR)).toThrow(/client secret is empty/);
    expect(() => f.core.providers.add({ ...base, name: ' ' }, CLI_ACTOR)).toThrow(/Give the provider a name/);
    expect(f.core.providers.add({ ...base, name: 'B', clientSecret: 's3cret', emailClaim: 'upn', allowRegistration: true }, CLI_ACTOR)).toMatchObject({
      hasClientSecret: true,
      emailClaim: 'upn',
      allowRegistration: true,
    });
    // Only the two valid ones were kept.
    expect(f.core.providers.list().map((p) => p.name)).toEqual(['B', 'Contoso']);
  });

  it('refuses a second provider by the same name in any case', () => {
    f.core.providers.add(base, CLI_ACTOR);
    expect(() => f.core.providers.add({ ...base, name: 'CONTOSO' }, CLI_ACTOR)).toThrow('There is already a provider named "CONTOSO".');
  });
});

describe('removing a provider', () => {
  it('is refused while accounts are linked to it, unless every link goes with it', async () => {
    f.core.providers.add(base, CLI_ACTOR);
    const user = await f.core.accounts.create({ email: 'ada@example.com', password: 'a perfectly fine passphrase' }, CLI_ACTOR);
    const provider = f.store.providers.findByName('Contoso')!;
    f.store.identities.insert({
      id: 'i1',
      userId: user.id,
      providerId: provider.id,
      issuer: provider.issuer,
      subject: 's1',
      email: 'ada@example.com',
      linkedAt: 1,
      lastUsedAt: null,
    });
    expect(f.core.providers.show('contoso').linkedIdentities).toBe(1);
    expect(() => f.core.providers.remove('Contoso', {}, CLI_ACTOR)).toThrow('1 account is linked to Contoso: unlink them first, or remove it with every link.');
    expect(f.core.providers.remove('Contoso', { unlinkAll: true }, CLI_ACTOR)).toEqual({ unlinked: 1 });
    expect(f.store.identities.listForUser(user.id)).toEqual([]);
    expect(() => f.core.providers.show('Contoso')).toThrow('There is no provider named "Contoso".');
    expect(f.core.audit.trail({ action: 'provider.remove' })).toMatchObject([{ detail: 'Contoso; 1 identities unlinked' }]);
  });

  it('never strands an account that signs in only with it, even with every link going', async () => {
    f.core.providers.add(base, CLI_ACTOR);
    await f.core.accounts.create({ email: 'admin@example.com', password: 'a perfectly fine passphrase' }, CLI_ACTOR);
    const user = await f.core.accounts.create({ email: 'sso-only@example.com' }, CLI_ACTOR);
    const provider = f.store.providers.findByName('Contoso')!;
    f.store.identities.insert({ id: 'i1', userId: user.id, providerId: provider.id, issuer: provider.issuer, subject: 's1', email: null, linkedAt: 1, lastUsedAt: null });
    expect(() => f.core.providers.remove('Contoso', { unlinkAll: true }, CLI_ACTOR)).toThrow(
      '1 account signs in only with Contoso: give it another way in (a password or a passkey) first.',
    );
    expect(f.core.providers.show('Contoso').linkedIdentities).toBe(1);
  });
});

describe('the pages Gatehouse may open in the browser', () => {
  it('are only the authorization endpoints of configured providers, as discovered', () => {
    f.core.providers.add(base, CLI_ACTOR);
    const provider = f.store.providers.findByName('Contoso')!;
    expect(f.core.providers.isAuthorizationRequest('https://login.contoso.example/authorize?client_id=x')).toBe(false); // not discovered yet
    f.store.providers.recordDiscovery(provider.id, JSON.stringify({ issuer: provider.issuer, authorization_endpoint: 'https://login.contoso.example/authorize' }), 1);
    expect(f.core.providers.isAuthorizationRequest('https://login.contoso.example/authorize?client_id=x&state=y')).toBe(true);
    for (const other of ['https://login.contoso.example/logout', 'https://evil.example/authorize', 'http://login.contoso.example/authorize', 'javascript:alert(1)', 'not a url']) {
      expect(f.core.providers.isAuthorizationRequest(other), other).toBe(false);
    }
  });
});
