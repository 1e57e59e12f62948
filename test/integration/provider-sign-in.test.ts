// Signing in through an OpenID Connect provider, end to end in main: a real oidc-provider 9 on
// 127.0.0.1, the real loopback listener, the real openid-client checks, and a browser played by
// HTTP requests that sign in and consent (or refuse) on the provider's own pages.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAppServices } from '../../src/main/ipc/app-services.js';
import { listenForCallback } from '../../src/main/ipc/oauth-callback.js';
import { CLI_ACTOR, copyCoreFixture, createCoreFixture, type CoreFixture } from '../support/core.js';
import { SoftAuthenticator } from '../support/soft-authenticator.js';
import { actAtProvider, startOidcProvider, startTokenTamperer, withClaims, type RunningProvider } from '../support/oidc-provider.js';
import { totpCodeAt } from '../../src/main/core/factors/totp/totp.js';

const ANONYMOUS = { kind: 'anonymous' } as const;
let op: RunningProvider;
let f: CoreFixture;
/** An administrator and the provider, made once; each test works on its own copy (no keychain churn). */
let template: CoreFixture;

beforeAll(async () => {
  op = await startOidcProvider([
    { sub: 'ada-at-idp', email: 'ada@example.com', name: 'Ada Lovelace' },
    { sub: 'admin-at-idp', email: 'admin@example.com' },
    { sub: 'unverified', email: 'eve@example.com', emailVerified: false },
    { sub: 'with-amr', email: 'amr@example.com', amr: ['pwd', 'mfa', '<b>hwk</b>', 'x'.repeat(40)] },
    { sub: 'long-name', email: 'lin@example.com', name: `Lin ${'\u0007'.repeat(3)}${'W'.repeat(300)}` },
  ]);
});
afterAll(async () => {
  await op.stop();
  await template.cleanup();
});
beforeAll(async () => {
  template = await createCoreFixture();
  await template.core.accounts.create({ email: 'admin@example.com', password: 'the administrator passphrase' }, CLI_ACTOR);
  template.core.providers.add({ name: 'Test SSO', issuer: op.issuer, clientId: op.clientId, allowRegistration: true, dangerouslyAllowInsecureLoopbackIssuer: true }, CLI_ACTOR);
});
beforeEach(async () => {
  f = await copyCoreFixture(template);
});
afterEach(() => f.cleanup());

/** As main does it: the listener first (its port is in the redirect URI), then the request, then the browser. */
async function begin(provider = 'Test SSO') {
  const listener = await listenForCallback();
  const begun = await f.core.signIn.beginProvider(provider, listener.redirectUri, ANONYMOUS);
  listener.expectState(begun.state);
  return { ...begun, listener };
}

/** The browser at the provider, then back at the listener with whatever URL it was given. */
async function deliver(begun: Awaited<ReturnType<typeof begin>>, url: URL): Promise<URL> {
  await fetch(url);
  return begun.listener.callback;
}

async function signInAs(login: string, provider = 'Test SSO') {
  const begun = await begin(provider);
  const url = await deliver(begun, await actAtProvider(begun.authorizationUrl, { login }));
  return f.core.signIn.finishProvider(begun.flowId, url, ANONYMOUS);
}

describe('the authorization request', () => {
  it('asks for a code with PKCE S256, state, nonce, the configured scopes, and the loopback redirect', async () => {
    const begun = await begin();
    begun.listener.close();
    const url = new URL(begun.authorizationUrl);
    expect(url.origin).toBe(op.issuer);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: op.clientId,
      redirect_uri: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/callback$/),
      scope: 'openid email profile',
      code_challenge_method: 'S256',
      code_challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      state: begun.state,
      nonce: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
  });
});

describe('signing in', () => {
  it('registers an unknown identity with a verified email, without a password, then finds it again', async () => {
    const first = await signInAs('ada-at-idp');
    expect(first).toMatchObject({ kind: 'success', session: { email: 'ada@example.com', displayName: 'Ada Lovelace', amr: ['ext'], isAdmin: false } });
    expect(f.core.accounts.show('ada@example.com')).toMatchObject({ hasPassword: false });
    const again = await signInAs('ada-at-idp');
    expect(again).toMatchObject({ kind: 'success', session: { email: 'ada@example.com', amr: ['ext'] } });
    expect(f.core.accounts.list()).toHaveLength(2);
    expect(f.core.audit.trail({ action: 'identity.link' })).toMatchObject([{ email: 'ada@example.com', detail: expect.stringContaining('(registered)') }]);
  });

  it('asks for the second factor after the provider, as after a password, when the account has one', async () => {
    await signInAs('ada-at-idp');
    const id = f.core.accounts.show('ada@example.com').id;
    const { secret } = f.core.selfService.beginTotp(id, 'phone', CLI_ACTOR);
    await f.core.selfService.confirmTotp(id, 'phone', await totpCodeAt(secret, f.clock.now()), CLI_ACTOR);
    expect(await signInAs('ada-at-idp')).toMatchObject({ kind: 'second_factor_required', methods: ['totp', 'recovery_code'] });
  });

  it('registers with the email’s name when the provider gives one Gatehouse cannot use; the account and its identity together', async () => {
    expect(await signInAs('long-name')).toMatchObject({ kind: 'success', session: { email: 'lin@example.com', displayName: 'lin' } });
    const id = f.core.accounts.show('lin@example.com').id;
    expect(f.core.providers.identitiesOf(id)).toMatchObject([{ provider: 'Test SSO', email: 'lin@example.com' }]);
    expect(f.core.audit.trail({ email: 'lin@example.com' }).map((e) => e.action)).toEqual(expect.arrayContaining(['account.create', 'identity.link', 'sign_in']));
  });

  it('keeps what the provider says of its own methods apart from amr, for display, filtered to short tokens', async () => {
    expect(await signInAs('with-amr')).toMatchObject({ kind: 'success', session: { amr: ['ext'], viaProvider: { provider: 'Test SSO', amr: ['pwd', 'mfa'] } } });
    expect(await signInAs('ada-at-idp')).toMatchObject({ kind: 'success', session: { amr: ['ext'], viaProvider: { provider: 'Test SSO', amr: [] } } });
  });

  it("counts a provider's own two-step sign-in as a second factor only when an administrator trusts it for that", async () => {
    f.core.providers.add(
      { name: 'Trusted SSO', issuer: op.issuer, clientId: op.clientId, allowRegistration: true, dangerouslyAllowInsecureLoopbackIssuer: true, trustMfa: true },
      CLI_ACTOR,
    );
    expect(f.core.providers.list().find((p) => p.name === 'Trusted SSO')).toMatchObject({ trustMfa: true, mfaAcr: [] });
    expect(await signInAs('with-amr')).toMatchObject({ kind: 'success', session: { amr: ['ext'] } });
    const id = f.core.accounts.show('amr@example.com').id;
    const { secret } = f.core.selfService.beginTotp(id, 'phone', CLI_ACTOR);
    await f.core.selfService.confirmTotp(id, 'phone', await totpCodeAt(secret, f.clock.now()), CLI_ACTOR);
    // Not trusted: the provider's 'mfa' is shown, and the app here is still asked for.
    expect(await signInAs('with-amr')).toMatchObject({ kind: 'second_factor_required', methods: ['totp', 'recovery_code'] });
    // Trusted, and it says it did two-step: a multi-factor session, nothing more asked.
    expect(await signInAs('with-amr', 'Trusted SSO')).toMatchObject({ kind: 'success', session: { amr: ['ext', 'mfa'], viaProvider: { amr: ['pwd', 'mfa'] } } });
    // Trusted, but this person's sign-in there was one factor: the app here is asked for.
    await signInAs('ada-at-idp', 'Trusted SSO');
    const ada = f.core.accounts.show('ada@example.com').id;
    const second = f.core.selfService.beginTotp(ada, 'phone', CLI_ACTOR);
    await f.core.selfService.confirmTotp(ada, 'phone', await totpCodeAt(second.secret, f.clock.now()), CLI_ACTOR);
    expect(await signInAs('ada-at-idp', 'Trusted SSO')).toMatchObject({ kind: 'second_factor_required' });
  });

  it('never merges an identity into an existing account with the same email', async () => {
    await expect(signInAs('admin-at-idp')).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('Gatehouse never joins them on its own') });
    expect(f.core.accounts.list()).toHaveLength(1);
  });

  it('refuses to register without a verified email, or when the provider may not create accounts', async () => {
    await expect(signInAs('unverified')).rejects.toMatchObject({ code: 'provider_refused', message: expect.stringContaining('did not confirm an email address') });
    f.core.providers.remove('Test SSO', {}, CLI_ACTOR);
    f.core.providers.add({ name: 'Test SSO', issuer: op.issuer, clientId: op.clientId, dangerouslyAllowInsecureLoopbackIssuer: true }, CLI_ACTOR);
    await expect(signInAs('ada-at-idp')).rejects.toMatchObject({ code: 'forbidden', message: expect.stringContaining('may not create one') });
    expect(f.core.accounts.list()).toHaveLength(1);
  });
});

describe('refusals', () => {
  it('says clearly when the person refuses at the provider', async () => {
    const begun = await begin();
    const url = await deliver(begun, await actAtProvider(begun.authorizationUrl, { login: 'ada-at-idp', deny: true }));
    await expect(f.core.signIn.finishProvider(begun.flowId, url, ANONYMOUS)).rejects.toMatchObject({
      code: 'provider_refused',
      message: 'Sign-in at Test SSO was cancelled or refused. Try again, or sign in another way.',
    });
    expect(f.core.audit.trail({ action: 'sign_in', outcome: 'failed' })).toMatchObject([{ method: 'provider', detail: 'Test SSO: access_denied' }]);
  });

  it('refuses a replayed authorization code, and a finished flow', async () => {
    const begun = await begin();
    const url = await deliver(begun, await actAtProvider(begun.authorizationUrl, { login: 'ada-at-idp' }));
    expect(await f.core.signIn.finishProvider(begun.flowId, url, ANONYMOUS)).toMatchObject({ kind: 'success' });
    await expect(f.core.signIn.finishProvider(begun.flowId, url, ANONYMOUS)).rejects.toMatchObject({ code: 'flow_expired' });
    // The same code, brought to a new sign-in of the same browser: the provider refuses it.
    const second = await begin();
    second.listener.close();
    const replay = new URL(url);
    replay.searchParams.set('state', second.state);
    await expect(f.core.signIn.finishProvider(second.flowId, replay, ANONYMOUS)).rejects.toMatchObject({ code: 'provider_refused' });
  });

  it('refuses an answer with another state, or from another issuer', async () => {
    const begun = await begin();
    const answer = await actAtProvider(begun.authorizationUrl, { login: 'ada-at-idp' });
    begun.listener.close();
    const wrongState = new URL(answer);
    wrongState.searchParams.set('state', 'not-the-state');
    await expect(f.core.signIn.finishProvider(begun.flowId, wrongState, ANONYMOUS)).rejects.toMatchObject({
      code: 'provider_refused',
      message: expect.stringContaining('could not be verified'),
    });
    const again = await begin();
    const otherIssuer = await actAtProvider(again.authorizationUrl, { login: 'ada-at-idp' });
    again.listener.close();
    otherIssuer.searchParams.set('iss', 'https://evil.example');
    await expect(f.core.signIn.finishProvider(again.flowId, otherIssuer, ANONYMOUS)).rejects.toMatchObject({ code: 'provider_refused' });
    expect(f.core.accounts.list()).toHaveLength(1);
  });

  it('refuses an ID token whose nonce is not the one this sign-in asked for', async () => {
    const begun = await begin();
    const request = new URL(begun.authorizationUrl);
    request.searchParams.set('nonce', 'a-nonce-from-another-request');
    const answer = await deliver(begun, await actAtProvider(request.href, { login: 'ada-at-idp' }));
    await expect(f.core.signIn.finishProvider(begun.flowId, answer, ANONYMOUS)).rejects.toMatchObject({
      code: 'provider_refused',
      message: 'The answer from Test SSO could not be verified, so Gatehouse did not use it. Start again.',
    });
    expect(f.core.accounts.list()).toHaveLength(1);
    expect(f.core.audit.trail({ action: 'sign_in', outcome: 'failed' })).toMatchObject([{ detail: expect.stringContaining('"nonce" claim') }]);
  });

  it('refuses an ID token changed on its way from the token endpoint, or stripped of its signature', async () => {
    const header = (alg: string) => Buffer.from(JSON.stringify({ alg, typ: 'JWT' })).toString('base64url');
    const tampers: [string, (token: string) => string][] = [
      ['another subject', (token) => withClaims(token, { sub: 'someone-else' })],
      ['another email', (token) => withClaims(token, { email: 'admin@example.com' })],
      ['no signature', (token) => `${header('none')}.${token.split('.')[1]}.`],
      ['untouched', (token) => token],
    ];
    const outcomes: Record<string, unknown> = {};
    for (const [what, tamper] of tampers) {
      const begun = await begin();
      const provider = f.store.providers.findByName('Test SSO')!;
      const metadata = JSON.parse(provider.metadata!) as { token_endpoint: string };
      const tamperer = await startTokenTamperer(metadata.token_endpoint, tamper);
      f.store.providers.recordDiscovery(provider.id, JSON.stringify({ ...metadata, token_endpoint: tamperer.url }), f.clock.now());
      try {
        const answer = await deliver(begun, await actAtProvider(begun.authorizationUrl, { login: 'ada-at-idp' }));
        outcomes[what] = await f.core.signIn.finishProvider(begun.flowId, answer, ANONYMOUS).then(
          (result) => result.kind,
          (error: { code: string }) => error.code,
        );
      } finally {
        await tamperer.close();
      }
    }
    // The same path, untouched, signs in: the refusals are the tampering's, not the detour's.
    expect(outcomes).toEqual({ 'another subject': 'provider_refused', 'another email': 'provider_refused', 'no signature': 'provider_refused', untouched: 'success' });
  });

  it('refuses an answer that leaves out the issuer when the provider says it always sends it (RFC 9207)', async () => {
    const begun = await begin();
    const answer = await actAtProvider(begun.authorizationUrl, { login: 'ada-at-idp' });
    begun.listener.close();
    expect(answer.searchParams.get('iss')).toBe(op.issuer);
    answer.searchParams.delete('iss');
    await expect(f.core.signIn.finishProvider(begun.flowId, answer, ANONYMOUS)).rejects.toMatchObject({ code: 'provider_refused' });
  });

  it('is not delayed or broken for the other ways in when the provider is down', async () => {
    await op.stop();
    try {
      const listener = await listenForCallback();
      await expect(f.core.signIn.beginProvider('Test SSO', listener.redirectUri, ANONYMOUS)).rejects.toMatchObject({ code: 'provider_unreachable' });
      listener.close();
      expect(await f.core.signIn.password('admin@example.com', 'the administrator passphrase')).toMatchObject({ kind: 'success' });
      expect(f.core.providers.show('Test SSO').discovery).toMatchObject({ state: 'unreachable' });
    } finally {
      await op.start();
    }
  });
});

describe('through the app’s channels', () => {
  it('starts in the browser, waits for it, and starts the session: the code never reaches the renderer', async () => {
    const opened: string[] = [];
    const services = createAppServices(f.core, f.clock, { error: () => {} }, async (url) => {
      opened.push(url);
      // The system browser: the person signs in there, and the provider sends it back to the listener.
      void actAtProvider(url, { login: 'ada-at-idp' }).then((answer) => fetch(answer));
    });
    expect(await services.dispatch('auth.providers', {})).toEqual({ ok: true, value: [{ name: 'Test SSO', reachable: null }] });
    const begun = await services.dispatch('auth.providerBegin', { name: 'Test SSO' });
    expect(begun).toEqual({ ok: true, value: { flowId: expect.any(String) } });
    const { flowId } = (begun as { value: { flowId: string } }).value;
    const finished = await services.dispatch('auth.providerFinish', { flowId });
    expect(finished).toEqual({ ok: true, value: { kind: 'success', session: expect.objectContaining({ email: 'ada@example.com', amr: ['ext'] }) } });
    expect(JSON.stringify(finished)).not.toMatch(/code=|id_token|access_token/);
    expect(opened).toHaveLength(1);
    expect(await services.dispatch('auth.providers', {})).toEqual({ ok: true, value: [{ name: 'Test SSO', reachable: true }] });
    expect(await services.dispatch('auth.providerFinish', { flowId })).toMatchObject({ ok: false, error: { code: 'flow_expired' } });
  });

  it('can open the page again, and be cancelled while it waits', async () => {
    const opened: string[] = [];
    const services = createAppServices(f.core, f.clock, { error: () => {} }, async (url) => void opened.push(url));
    const { flowId } = ((await services.dispatch('auth.providerBegin', { name: 'Test SSO' })) as { value: { flowId: string } }).value;
    expect(await services.dispatch('auth.providerReopen', { flowId })).toEqual({ ok: true, value: null });
    expect(opened).toEqual([opened[0], opened[0]]);
    const waiting = services.dispatch('auth.providerFinish', { flowId });
    expect(await services.dispatch('auth.providerCancel', { flowId })).toEqual({ ok: true, value: null });
    expect(await waiting).toEqual({ ok: false, error: { code: 'flow_expired', message: 'Cancelled. Choose how to sign in.' } });
    expect(await services.dispatch('session.get', {})).toEqual({ ok: true, value: null });
  });

  it('keeps one browser wait at a time: a new one ends the one before', async () => {
    const services = createAppServices(f.core, f.clock, { error: () => {} }, async () => undefined);
    const first = ((await services.dispatch('auth.providerBegin', { name: 'Test SSO' })) as { value: { flowId: string } }).value;
    const waiting = services.dispatch('auth.providerFinish', first);
    const second = ((await services.dispatch('auth.providerBegin', { name: 'Test SSO' })) as { value: { flowId: string } }).value;
    expect(await waiting).toEqual({ ok: false, error: { code: 'flow_expired', message: 'Cancelled. Choose how to sign in.' } });
    expect(await services.dispatch('auth.providerReopen', second)).toEqual({ ok: true, value: null });
    expect(await services.dispatch('auth.providerCancel', second)).toEqual({ ok: true, value: null });
  });

  it('says which provider is unknown, and opens nothing', async () => {
    const opened: string[] = [];
    const services = createAppServices(f.core, f.clock, { error: () => {} }, async (url) => void opened.push(url));
    expect(await services.dispatch('auth.providerBegin', { name: 'Nope' })).toEqual({ ok: false, error: { code: 'not_found', message: 'There is no provider named "Nope".' } });
    expect(opened).toEqual([]);
  });
});

describe('linked identities', () => {
  it('are listed, and the last way in to an account cannot be unlinked or removed', async () => {
    await signInAs('ada-at-idp');
    const id = f.core.accounts.show('ada@example.com').id;
    expect(f.core.providers.identitiesOf(id)).toEqual([{ provider: 'Test SSO', email: 'ada@example.com', linkedAt: f.clock.now(), lastUsedAt: f.clock.now() }]);
    expect(() => f.core.providers.unlink(id, 'Test SSO', CLI_ACTOR)).toThrow(
      'Test SSO is the only way to sign in to ada@example.com: add a password or a passkey before unlinking it.',
    );

    // A passkey is another way in: then the identity may go, and the passkey becomes the last one.
    const device = new SoftAuthenticator({ origin: 'http://gatehouse.localhost', rpId: 'gatehouse.localhost' });
    const { flowId, options } = await f.core.passkeys.beginRegistration(id, 'platform');
    const { passkey } = await f.core.passkeys.finishRegistration(id, flowId, device.register(options) as never, 'Key', CLI_ACTOR);
    f.core.providers.unlink(id, 'Test SSO', CLI_ACTOR);
    expect(f.core.providers.identitiesOf(id)).toEqual([]);
    expect(() => f.core.passkeys.remove(id, passkey.id, CLI_ACTOR)).toThrow(/only way to sign in/);
    expect(f.core.audit.trail({ action: 'identity.unlink' })).toMatchObject([{ email: 'ada@example.com', detail: 'Test SSO: ' + op.issuer + ' ada-at-idp' }]);
    expect(() => f.core.providers.unlink(id, 'Test SSO', CLI_ACTOR)).toThrow('ada@example.com is not linked to Test SSO.');
  });
});

describe('linking a provider from the account page', () => {
  /** Services whose "system browser" signs in at the provider as `login`, and comes back. */
  const servicesAs = (login: string) =>
    createAppServices(f.core, f.clock, { error: () => {} }, async (url) => {
      void actAtProvider(url, { login }).then((answer) => fetch(answer));
    });

  it('links the identity to the signed-in account, which then signs in with it; unlinks it again', async () => {
    const services = servicesAs('admin-at-idp');
    expect(await services.dispatch('auth.signIn', { email: 'admin@example.com', password: 'the administrator passphrase' })).toMatchObject({
      ok: true,
      value: { kind: 'success' },
    });
    const begun = await services.dispatch('account.linkProviderBegin', { name: 'Test SSO' });
    const { flowId } = (begun as { value: { flowId: string } }).value;
    expect(await services.dispatch('account.linkProviderFinish', { flowId })).toEqual({
      ok: true,
      value: [{ provider: 'Test SSO', email: 'admin@example.com', linkedAt: f.clock.now(), lastUsedAt: null }],
    });
    // The identity that was refused as "an account with this email exists" now signs in to it.
    expect(await signInAs('admin-at-idp')).toMatchObject({ kind: 'success', session: { email: 'admin@example.com', isAdmin: true, amr: ['ext'] } });
    expect(await services.dispatch('account.unlinkProvider', { provider: 'Test SSO' })).toEqual({ ok: true, value: [] });
    expect(f.core.audit.trail({ action: 'identity.unlink' })).toHaveLength(1);
  });

  it('refuses an identity already linked to another account, and a link flow finished by someone else', async () => {
    await signInAs('ada-at-idp'); // registers Ada with this identity
    const services = servicesAs('ada-at-idp');
    await services.dispatch('auth.signIn', { email: 'admin@example.com', password: 'the administrator passphrase' });
    const { flowId } = ((await services.dispatch('account.linkProviderBegin', { name: 'Test SSO' })) as { value: { flowId: string } }).value;
    expect(await services.dispatch('account.linkProviderFinish', { flowId })).toEqual({
      ok: false,
      error: { code: 'conflict', message: 'This Test SSO identity is linked to another account. Unlink it there first.' },
    });
    expect(f.core.providers.identitiesOf(f.core.accounts.show('admin@example.com').id)).toEqual([]);
    expect(f.core.audit.trail({ action: 'identity.link', outcome: 'failed' })).toMatchObject([
      { email: 'admin@example.com', detail: expect.stringContaining('linked to another account') },
    ]);
    // A link flow is the account's own: the sign-in channel cannot finish it.
    const again = ((await services.dispatch('account.linkProviderBegin', { name: 'Test SSO' })) as { value: { flowId: string } }).value;
    expect(await services.dispatch('auth.providerFinish', { flowId: again.flowId })).toMatchObject({ ok: false, error: { code: 'flow_expired' } });
  });
});

describe('confirming it is you with a fresh login at the provider', () => {
  /** App services whose system browser signs in at the provider as `browser.login`, keeping the provider's cookies between visits. */
  function withBrowser(login: string, { ignoresFreshLogin = false } = {}) {
    const browser = { login, cookies: new Map<string, string>(), opened: [] as URL[], ignoresFreshLogin };
    const services = createAppServices(f.core, f.clock, { error: () => {} }, async (url) => {
      const visit = new URL(url);
      browser.opened.push(new URL(url));
      // A provider that ignores the request for a fresh login, and answers from the session it kept.
      if (browser.ignoresFreshLogin) ['prompt', 'max_age'].forEach((p) => visit.searchParams.delete(p));
      void actAtProvider(visit.href, { login: browser.login, cookies: browser.cookies }).then((answer) => fetch(answer));
    });
    return { services, browser };
  }
  const valueOf = <T>(answer: unknown) => (answer as { value: T }).value;
  async function signedInThroughProvider(services: ReturnType<typeof withBrowser>['services']) {
    const begun = valueOf<{ flowId: string }>(await services.dispatch('auth.providerBegin', { name: 'Test SSO' }));
    expect(await services.dispatch('auth.providerFinish', begun)).toMatchObject({ ok: true, value: { kind: 'success' } });
  }

  it('asks a provider-only account to sign in there again before a sensitive action, then lets the action through', async () => {
    const { services, browser } = withBrowser('ada-at-idp');
    f.clock.set(Date.now() - 6 * 60_000);
    await signedInThroughProvider(services); // six minutes ago, by this machine's clock
    f.clock.set(Date.now());
    const setPassword = () => services.dispatch('account.setPassword', { newPassword: 'ada chose a long passphrase' });
    expect(await setPassword()).toMatchObject({ ok: false, error: { code: 'reauth_required' } });
    expect(await services.dispatch('session.reauthOptions', {})).toEqual({ ok: true, value: { password: false, providers: ['Test SSO'], passkey: false, secondFactors: [] } });

    const again = valueOf<{ flowId: string }>(await services.dispatch('session.reauthProviderBegin', { name: 'Test SSO' }));
    expect(browser.opened[1]!.searchParams.get('prompt')).toBe('login');
    expect(browser.opened[1]!.searchParams.get('max_age')).toBe('0');
    // A sign-in asks for a fresh login too: a browser's session at the provider is not the person.
    expect(browser.opened[0]!.searchParams.get('prompt')).toBe('login');
    expect(await services.dispatch('session.reauthProviderFinish', again)).toEqual({ ok: true, value: { kind: 'success' } });
    expect(await setPassword()).toMatchObject({ ok: true, value: { hasPassword: true } });
    expect(f.core.audit.trail({ action: 'reauthenticate' })).toMatchObject([{ method: 'provider', outcome: 'success', email: 'ada@example.com' }]);
  });

  it('refuses a provider that answers from the session it kept instead of asking again', async () => {
    const { services } = withBrowser('ada-at-idp', { ignoresFreshLogin: true });
    f.clock.set(Date.now());
    await signedInThroughProvider(services);
    f.clock.set(Date.now() + 2 * 60_000); // two minutes later, by this machine's clock
    const again = valueOf<{ flowId: string }>(await services.dispatch('session.reauthProviderBegin', { name: 'Test SSO' }));
    expect(await services.dispatch('session.reauthProviderFinish', again)).toEqual({
      ok: false,
      error: { code: 'provider_refused', message: "Test SSO did not ask you to sign in, so it cannot confirm it's you. Try again, or ask your administrator." },
    });
    expect(f.core.audit.trail({ action: 'reauthenticate' })).toMatchObject([{ outcome: 'failed', detail: expect.stringContaining('auth_time') }]);
  });

  it('refuses a fresh login as someone else (with an account here), a provider the account is not linked to, and a sign-in channel finishing it', async () => {
    await signInAs('with-amr'); // someone with an account of their own, and the same provider
    const { services, browser } = withBrowser('ada-at-idp');
    f.clock.set(Date.now());
    await signedInThroughProvider(services);
    // That person at the provider, in a browser of their own.
    Object.assign(browser, { login: 'with-amr', cookies: new Map() });
    const again = valueOf<{ flowId: string }>(await services.dispatch('session.reauthProviderBegin', { name: 'Test SSO' }));
    expect(await services.dispatch('session.reauthProviderFinish', again)).toEqual({
      ok: false,
      error: { code: 'provider_refused', message: 'You signed in to Test SSO as someone this account is not linked to. Try again with your own Test SSO account.' },
    });
    expect(f.core.audit.trail({ action: 'reauthenticate' })).toMatchObject([
      { email: 'ada@example.com', outcome: 'failed', detail: expect.stringContaining('not an identity of this account') },
    ]);
    const other = valueOf<{ flowId: string }>(await services.dispatch('session.reauthProviderBegin', { name: 'Test SSO' }));
    expect(await services.dispatch('auth.providerFinish', other)).toEqual({
      ok: false,
      error: { code: 'flow_expired', message: 'This step has expired or was already completed. Please start again.' },
    });
    expect(await services.dispatch('session.get', {})).toMatchObject({ ok: true, value: { email: 'ada@example.com', locked: false } });

    const admin = withBrowser('admin-at-idp');
    await admin.services.dispatch('auth.signIn', { email: 'admin@example.com', password: 'the administrator passphrase' });
    expect(await admin.services.dispatch('session.reauthOptions', {})).toEqual({ ok: true, value: { password: true, providers: [], passkey: false, secondFactors: [] } });
    expect(await admin.services.dispatch('session.reauthProviderBegin', { name: 'Test SSO' })).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'Your account is not linked to Test SSO.' },
    });
    expect(admin.browser.opened).toEqual([]);
  });

  it('is refused to a blocked account, and to a session that locked while the browser was open', async () => {
    const { services } = withBrowser('ada-at-idp');
    f.clock.set(Date.now());
    await signedInThroughProvider(services);
    const waiting = services.dispatch('session.reauthProviderFinish', valueOf(await services.dispatch('session.reauthProviderBegin', { name: 'Test SSO' })));
    services.sessions.lock();
    expect(await waiting).toMatchObject({ ok: false, error: { code: 'session_locked' } });

    expect(await services.dispatch('session.unlockWithProviderFinish', valueOf(await services.dispatch('session.unlockWithProviderBegin', { name: 'Test SSO' })))).toMatchObject({
      ok: true,
      value: { kind: 'success' },
    });
    for (let i = 0; i < 5; i++) await f.core.signIn.password('ada@example.com', 'not her password');
    expect(await services.dispatch('session.reauthProviderFinish', valueOf(await services.dispatch('session.reauthProviderBegin', { name: 'Test SSO' })))).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'Too many failed attempts on this account. Try again in a few minutes.' },
    });
  });

  it('unlocks a locked session of a provider-only account, only with a fresh login as that account', async () => {
    const { services, browser } = withBrowser('ada-at-idp', { ignoresFreshLogin: true });
    f.clock.set(Date.now());
    await signedInThroughProvider(services);
    services.sessions.lock();
    expect(await services.dispatch('session.reauthOptions', {})).toEqual({ ok: true, value: { password: false, providers: ['Test SSO'], passkey: false, secondFactors: [] } });
    const unlock = async () => services.dispatch('session.unlockWithProviderFinish', valueOf(await services.dispatch('session.unlockWithProviderBegin', { name: 'Test SSO' })));

    // The browser still has a session at the provider: a walk-up must not get in on it.
    f.clock.set(Date.now() + 2 * 60_000);
    expect(await unlock()).toMatchObject({ ok: false, error: { code: 'provider_refused', message: expect.stringContaining('did not ask you to sign in,') } });
    expect(services.sessions.view()).toMatchObject({ locked: true });
    // Someone else's identity at the provider unlocks nothing.
    f.clock.set(Date.now());
    Object.assign(browser, { login: 'admin-at-idp', cookies: new Map(), ignoresFreshLogin: false });
    expect(await unlock()).toMatchObject({ ok: false, error: { code: 'provider_refused', message: expect.stringContaining('not linked to') } });
    expect(services.sessions.view()).toMatchObject({ locked: true });

    browser.login = 'ada-at-idp';
    expect(await unlock()).toMatchObject({ ok: true, value: { kind: 'success', session: { email: 'ada@example.com', locked: false, amr: ['ext'] } } });
    expect(browser.opened.slice(1).every((url) => url.searchParams.get('prompt') === 'login')).toBe(true);
    const outcomes = f.core.audit.trail({ action: 'sign_in' }).filter((e) => e.method === 'provider');
    expect(outcomes.map((e) => e.outcome).sort()).toEqual(['failed', 'failed', 'success', 'success']);
  });

  it('does not unlock into a session signed out while the browser was open', async () => {
    const { services } = withBrowser('ada-at-idp');
    f.clock.set(Date.now());
    await signedInThroughProvider(services);
    services.sessions.lock();
    const waiting = services.dispatch('session.unlockWithProviderFinish', valueOf(await services.dispatch('session.unlockWithProviderBegin', { name: 'Test SSO' })));
    services.sessions.signOut();
    expect(await waiting).toEqual({ ok: false, error: { code: 'session_required', message: 'Nobody is signed in.' } });
    expect(services.sessions.view()).toBeNull();
  });

  it('is refused to a locked session or to nobody, before any browser opens', async () => {
    const { services, browser } = withBrowser('ada-at-idp');
    expect(await services.dispatch('session.reauthProviderBegin', { name: 'Test SSO' })).toMatchObject({ ok: false, error: { code: 'session_required' } });
    f.clock.set(Date.now());
    await signedInThroughProvider(services);
    services.sessions.lock();
    expect(await services.dispatch('session.reauthProviderBegin', { name: 'Test SSO' })).toMatchObject({ ok: false, error: { code: 'session_locked' } });
    expect(browser.opened).toHaveLength(1);
  });
});

describe('a first password', () => {
  it('is set by an account that had none, signs in, and makes the provider unlinkable; never twice', async () => {
    await signInAs('ada-at-idp');
    const id = f.core.accounts.show('ada@example.com').id;
    await f.core.selfService.setPassword(id, 'ada chose a long passphrase', CLI_ACTOR);
    expect(f.core.accounts.show('ada@example.com')).toMatchObject({ hasPassword: true, passwordChangedAt: f.clock.now() });
    expect(await f.core.signIn.password('ada@example.com', 'ada chose a long passphrase')).toMatchObject({ kind: 'success', session: { amr: ['pwd'] } });
    f.core.providers.unlink(id, 'Test SSO', CLI_ACTOR);
    await expect(f.core.selfService.setPassword(id, 'another long passphrase', CLI_ACTOR)).rejects.toThrow(
      'This account has a password already: change it with your current password.',
    );
    await expect(f.core.selfService.setPassword(id, 'short', CLI_ACTOR)).rejects.toMatchObject({ code: 'conflict' });
    expect(f.core.audit.trail({ action: 'password.set' })).toMatchObject([{ email: 'ada@example.com', outcome: 'success' }]);
  });

  it('follows the password policy', async () => {
    await signInAs('ada-at-idp');
    const id = f.core.accounts.show('ada@example.com').id;
    await expect(f.core.selfService.setPassword(id, 'short', CLI_ACTOR)).rejects.toMatchObject({ code: 'password_rejected' });
    expect(f.core.accounts.show('ada@example.com').hasPassword).toBe(false);
  });
});

describe('a link that waits in the browser', () => {
  it('is not finished into a session that locked meanwhile: a walk-up cannot add their own identity', async () => {
    const opened: string[] = [];
    const services = createAppServices(f.core, f.clock, { error: () => {} }, async (url) => void opened.push(url));
    await services.dispatch('auth.signIn', { email: 'admin@example.com', password: 'the administrator passphrase' });
    const { flowId } = ((await services.dispatch('account.linkProviderBegin', { name: 'Test SSO' })) as { value: { flowId: string } }).value;
    const waiting = services.dispatch('account.linkProviderFinish', { flowId });
    services.sessions.lock();
    // Someone else, at the same browser, signs in at the provider with their own identity.
    await fetch(await actAtProvider(opened[0]!, { login: 'ada-at-idp' }));
    expect(await waiting).toMatchObject({ ok: false, error: { code: 'session_locked' } });
    expect(f.core.providers.identitiesOf(f.core.accounts.show('admin@example.com').id)).toEqual([]);
  });
});
