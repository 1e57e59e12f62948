import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANNELS, type Channel } from '../../src/shared/index.js';
import { createAppServices, type AppServices } from '../../src/main/ipc/app-services.js';
import { startHttpTransport, TOKEN_HEADER, type HttpTransport } from '../../src/main/ipc/http-transport.js';
import { createCoreFixture, CLI_ACTOR, type CoreFixture } from '../support/core.js';
import { httpRequest, type Reply } from '../support/http.js';
import { totpCodeAt } from '../../src/main/core/factors/totp/totp.js';

let f: CoreFixture;
let services: AppServices;
let server: HttpTransport;

// Every test starts from its own empty store, session and clock: no test leans on another's
// leftovers, and `npm test` runs them in a shuffled order to keep it so.
beforeEach(async () => {
  f = await createCoreFixture();
  services = createAppServices(f.core, f.clock, { error: () => {} });
  const rendererDir = mkdtempSync(join(tmpdir(), 'gatehouse-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><html><head><title>Gatehouse</title></head><body></body></html>');
  writeFileSync(join(rendererDir, 'app.js'), 'console.log(1)');
  server = await startHttpTransport({ port: 0, rendererDir, bridgeDir: rendererDir, dispatch: services.dispatch });
});
afterEach(async () => {
  await server.close();
  await f.cleanup();
});

/** An account, signed in over IPC. */
async function signedIn(email: string, password: string, options: { isAdmin?: boolean } = {}) {
  const account = await f.core.accounts.create({ email, password, ...options }, CLI_ACTOR);
  expect(await services.dispatch('auth.signIn', { email, password })).toMatchObject({ ok: true, value: { kind: 'success' } });
  return account;
}

/** Node cannot resolve *.localhost: connect to 127.0.0.1 and name the host in the header. */
function http(method: string, path: string, options: { host?: string; origin?: string; token?: string | null; body?: string; contentType?: string } = {}): Promise<Reply> {
  const headers: Record<string, string> = { host: options.host ?? `gatehouse.localhost:${server.port}` };
  if (options.origin !== undefined) headers.origin = options.origin;
  if (options.token !== null) headers[TOKEN_HEADER] = options.token ?? server.token;
  if (options.body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
  return httpRequest(server.port, method, path, headers, options.body);
}

function connectTo(host: string, port: number): Promise<'connected'> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    socket.once('connect', () => (socket.destroy(), resolve('connected')));
    socket.once('error', reject);
  });
}

const ORIGIN = () => `http://gatehouse.localhost:${server.port}`;
const callHttp = (channel: string, payload: unknown) => http('POST', `/ipc/${channel}`, { origin: ORIGIN(), body: JSON.stringify(payload) });

describe('every channel refuses malformed payloads with a typed error', () => {
  const malformed: [string, unknown][] = [
    ['a string', 'not an object'],
    ['an array', [1, 2]],
    ['unknown fields', { surprise: true, __proto__: { polluted: 1 } }],
  ];
  it.each(CHANNELS.flatMap((channel) => malformed.map(([label, payload]) => [channel, label, payload] as [Channel, string, unknown])))(
    '%s refuses %s',
    async (channel, _label, payload) => {
      const result = await services.dispatch(channel, payload);
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.any(String) } });
    },
  );

  it('names the field and says what is wrong with it in a sentence, never a schema path', async () => {
    expect(await services.dispatch('auth.signIn', { email: 5, password: 'x' })).toEqual({
      ok: false,
      error: { code: 'invalid_input', field: 'email', message: 'The email address is missing or not valid.' },
    });
    // One limit for an email address (RFC 5321's 254), the same the core and the inputs use.
    const local = 'a'.repeat(64);
    const at255 = `${local}@${'b'.repeat(186)}.com`;
    expect(at255.length).toBe(255);
    expect(await services.dispatch('auth.signIn', { email: at255, password: 'x' })).toEqual({
      ok: false,
      error: { code: 'invalid_input', field: 'email', message: 'The email address can be at most 254 characters.' },
    });
    expect(await services.dispatch('auth.signIn', { email: '  ', password: 'x' })).toEqual({
      ok: false,
      error: { code: 'invalid_input', field: 'email', message: 'Enter an email address.' },
    });
    expect(await services.dispatch('admin.audit', { limit: -1 })).toEqual({
      ok: false,
      error: { code: 'invalid_input', field: 'limit', message: 'The number of entries must be at least 1.' },
    });
    expect(await services.dispatch('auth.signIn', { email: 'a@b.co', password: 'x'.repeat(5000) })).toEqual({
      ok: false,
      error: { code: 'invalid_input', field: 'password', message: 'The password can be at most 4096 characters.' },
    });
    expect(await services.dispatch('account.rename', { displayName: 'n'.repeat(101) })).toEqual({
      ok: false,
      error: { code: 'invalid_input', field: 'displayName', message: 'The name is longer than 100 characters.' },
    });
    expect(await services.dispatch('auth.signIn', { email: 'a@b.co', password: 'x', extra: 1 })).toEqual({
      ok: false,
      error: { code: 'invalid_input', message: 'The request has a field Gatehouse does not know: extra.' },
    });
  });

  it('refuses an unknown channel, including names from Object.prototype', async () => {
    for (const channel of ['nope', 'constructor', '__proto__', 'toString', 'admin']) {
      expect(await services.dispatch(channel, {})).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
  });
});

describe('authorisation is decided in main (test/integration/authorization.test.ts has every channel)', () => {
  it('creates the first administrator once, and never again without signing in', async () => {
    const first = await services.dispatch('setup.createAdmin', { email: 'root@example.com', displayName: 'Root', password: 'root passphrase for tests' });
    expect(first).toMatchObject({ ok: true, value: { kind: 'success', session: { email: 'root@example.com', isAdmin: true } } });
    expect(JSON.stringify(first)).not.toMatch(/subject|argon2/);
    services.sessions.signOut();
    const again = await services.dispatch('setup.createAdmin', { email: 'mallory@example.com', displayName: '', password: 'mallory passphrase here' });
    expect(again).toEqual({ ok: false, error: { code: 'conflict', message: 'Gatehouse is already set up. Sign in instead.' } });
    // Nothing about the accounts leaks to an anonymous caller: not an existing address, not the policy.
    for (const [email, password] of [
      ['root@example.com', 'root passphrase for tests'],
      ['new@example.com', 'short'],
    ]) {
      expect(await services.dispatch('setup.createAdmin', { email, displayName: '', password })).toEqual(again);
    }
    expect(f.core.accounts.list().map((a) => a.email)).toEqual(['root@example.com']);
  });

  it('lets exactly one of two racing first-run setups make the administrator', async () => {
    const [a, b] = await Promise.all([
      services.dispatch('setup.createAdmin', { email: 'first@example.com', displayName: '', password: 'first passphrase for tests' }),
      services.dispatch('setup.createAdmin', { email: 'second@example.com', displayName: '', password: 'second passphrase for tests' }),
    ]);
    expect([a, b].filter((r) => r.ok)).toHaveLength(1);
    expect([a, b].find((r) => !r.ok)).toEqual({ ok: false, error: { code: 'conflict', message: 'Gatehouse is already set up. Sign in instead.' } });
    expect(f.core.accounts.list()).toMatchObject([{ isAdmin: true }]);
  });

  it('locks an idle session, refuses everything but unlocking, and unlocks with the password', async () => {
    await signedIn('user@example.com', 'user passphrase for tests');
    f.clock.advance(11 * 60_000);
    expect(await services.dispatch('session.get', {})).toMatchObject({ ok: true, value: { locked: true, email: 'user@example.com' } });
    expect(await services.dispatch('account.get', {})).toMatchObject({ ok: false, error: { code: 'session_locked' } });
    expect(await services.dispatch('session.unlock', { password: 'wrong' })).toEqual({ ok: true, value: { kind: 'failed' } });
    expect(await services.dispatch('session.unlock', { password: 'user passphrase for tests' })).toMatchObject({
      ok: true,
      value: { kind: 'success', session: { locked: false } },
    });
    expect(await services.dispatch('account.get', {})).toMatchObject({ ok: true, value: { email: 'user@example.com' } });
  });
});

describe('the loopback HTTP transport', () => {
  it('answers a call with the token from the app origin', async () => {
    const reply = await callHttp('app.status', {});
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: true, value: { needsSetup: true, session: null } });
  });

  it('listens on 127.0.0.1 only: not on another loopback address, not on IPv6, not on the network', async () => {
    expect(server.address).toBe('127.0.0.1');
    const hosts = ['127.0.0.2', '::1', ...Object.values(networkInterfaces()).flatMap((list) => (list ?? []).filter((i) => !i.internal).map((i) => i.address))];
    for (const host of hosts)
      await expect(connectTo(host, server.port), host).rejects.toMatchObject({ code: expect.stringMatching(/^(ECONNREFUSED|EADDRNOTAVAIL|ENETUNREACH|EAFNOSUPPORT)$/) });
    await expect(connectTo('127.0.0.1', server.port)).resolves.toBe('connected');
  });

  it('refuses a call without the token, or with another one', async () => {
    for (const token of [null, '', 'x'.repeat(43), `${server.token}x`]) {
      const reply = await http('POST', '/ipc/app.status', { origin: ORIGIN(), token, body: '{}' });
      expect(reply.status).toBe(403);
      expect(JSON.parse(reply.body)).toEqual({ ok: false, error: { code: 'forbidden', message: expect.any(String) } });
    }
  });

  it('refuses a call from another origin, or with none', async () => {
    for (const origin of ['http://evil.example', 'http://localhost:1234', `http://127.0.0.1:${server.port}`, 'null', undefined]) {
      const reply = await http('POST', '/ipc/app.status', { origin, body: '{}' });
      expect(reply.status).toBe(403);
    }
  });

  it('answers only to its own host name (DNS rebinding)', async () => {
    for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, 'evil.example', `gatehouse.localhost:${server.port + 1}`]) {
      expect((await http('GET', '/', { host })).status).toBe(421);
      expect((await http('POST', '/ipc/app.status', { host, origin: ORIGIN(), body: '{}' })).status).toBe(421);
    }
  });

  it('refuses bodies that are not JSON, and oversized ones', async () => {
    expect((await http('POST', '/ipc/app.status', { origin: ORIGIN(), body: 'a=1', contentType: 'application/x-www-form-urlencoded' })).status).toBe(415);
    const notJson = await http('POST', '/ipc/app.status', { origin: ORIGIN(), body: '{oops' });
    expect([notJson.status, JSON.parse(notJson.body).error.code]).toEqual([400, 'invalid_input']);
    expect((await http('POST', '/ipc/app.status', { origin: ORIGIN(), body: JSON.stringify({ pad: 'x'.repeat(70_000) }) })).status).toBe(413);
  });

  it('serves the page with the token and a strict Content-Security-Policy, and nothing outside its folder', async () => {
    const page = await http('GET', '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain(`<meta name="gatehouse-token" content="${server.token}">`);
    expect(page.headers['content-security-policy']).toMatch(/default-src 'none'; script-src 'self'/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    for (const path of ['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc%2fpasswd', '//etc/passwd', '/app.js%00.html']) {
      expect((await http('GET', path)).status).toBe(404);
    }
    expect((await http('GET', '/app.js')).status).toBe(200);
  });
});

describe('second factors over IPC', () => {
  it('signs in with password then code, and asks for a fresh code before sensitive actions', async () => {
    const { id } = await f.core.accounts.create({ email: 'mfa@example.com', password: 'mfa user passphrase here' }, CLI_ACTOR);
    const { secret } = f.core.selfService.beginTotp(id, 'phone', CLI_ACTOR);
    await f.core.selfService.confirmTotp(id, 'phone', await totpCodeAt(secret, f.clock.now()), CLI_ACTOR);
    const code = async () => (f.clock.advance(30_000), totpCodeAt(secret, f.clock.now()));

    services.sessions.signOut();
    const first = await services.dispatch('auth.signIn', { email: 'mfa@example.com', password: 'mfa user passphrase here' });
    expect(first).toMatchObject({ ok: true, value: { kind: 'second_factor_required', methods: ['totp', 'recovery_code'] } });
    const flowId = (first as { value: { flowId: string } }).value.flowId;
    expect(await services.dispatch('account.get', {})).toMatchObject({ ok: false, error: { code: 'session_required' } }); // not signed in yet
    expect(await services.dispatch('auth.secondFactor', { flowId, kind: 'totp', code: '000000' })).toMatchObject({ ok: true, value: { kind: 'failed' } });
    expect(await services.dispatch('auth.secondFactor', { flowId, kind: 'totp', code: await code() })).toMatchObject({
      ok: true,
      value: { kind: 'success', session: { email: 'mfa@example.com', amr: ['pwd', 'otp', 'mfa'] } },
    });
    expect(await services.dispatch('auth.secondFactor', { flowId, kind: 'totp', code: await code() })).toMatchObject({ ok: false, error: { code: 'flow_expired' } });

    // Fresh: allowed. Five minutes later: refused until a step-up.
    expect(await services.dispatch('account.regenerateRecoveryCodes', {})).toMatchObject({ ok: true, value: { recoveryCodes: expect.any(Array) } });
    f.clock.advance(5 * 60_000 + 1);
    services.sessions.touch();
    for (const [channel, payload] of [
      ['account.regenerateRecoveryCodes', {}],
      ['account.totpRemove', { name: 'phone' }],
      ['account.totpBegin', { name: 'tablet' }],
      ['account.passkeyBegin', { kind: 'platform' }],
      ['account.passkeyRemove', { id: 'c29tZS1wYXNza2V5' }],
      ['account.changePassword', { currentPassword: 'mfa user passphrase here', newPassword: 'another fine passphrase' }],
    ] as const) {
      expect(await services.dispatch(channel, payload)).toMatchObject({ ok: false, error: { code: 'step_up_required' } });
    }
    expect(await services.dispatch('session.stepUp', { kind: 'totp', code: '123' })).toMatchObject({ ok: true, value: { kind: 'failed' } });
    expect(await services.dispatch('session.stepUp', { kind: 'totp', code: await code() })).toMatchObject({ ok: true, value: { kind: 'success' } });
    expect(await services.dispatch('account.totpRemove', { name: 'phone' })).toEqual({ ok: true, value: { authenticators: [], passkeys: 0, recoveryCodesRemaining: 0 } });
  });

  it('shows the enrolment key and QR code once, and never the key afterwards', async () => {
    await signedIn('mfa@example.com', 'mfa user passphrase here');
    const begin = await services.dispatch('account.totpBegin', { name: 'laptop' });
    expect(begin).toMatchObject({
      ok: true,
      value: { name: 'laptop', secret: expect.stringMatching(/^[A-Z2-7]{32}$/), qrCode: expect.stringMatching(/^data:image\/png;base64,/) },
    });
    const secret = (begin as { value: { secret: string } }).value.secret;
    f.clock.advance(30_000);
    const confirm = await services.dispatch('account.totpConfirm', { name: 'laptop', code: await totpCodeAt(secret, f.clock.now()) });
    expect(confirm).toMatchObject({ ok: true, value: { recoveryCodes: expect.any(Array) } });
    for (const channel of ['account.secondFactors', 'account.get', 'session.get'] as const) {
      expect(JSON.stringify(await services.dispatch(channel, {}))).not.toContain(secret);
    }
  });
});

describe('what the security review asked for', () => {
  it('asks an account without a second factor for its password again before adding a way in', async () => {
    await signedIn('nofactor@example.com', 'no second factor here');
    expect(await services.dispatch('account.passkeyBegin', { kind: 'platform' })).toMatchObject({ ok: true });
    f.clock.advance(5 * 60_000 + 1);
    services.sessions.touch();
    for (const [channel, payload] of [
      ['account.passkeyBegin', { kind: 'platform' }],
      ['account.totpBegin', { name: 'phone' }],
    ] as const) {
      expect(await services.dispatch(channel, payload)).toMatchObject({ ok: false, error: { code: 'reauth_required' } });
    }
    expect(await services.dispatch('session.confirmPassword', { password: 'wrong' })).toMatchObject({ ok: true, value: { kind: 'failed' } });
    expect(await services.dispatch('session.confirmPassword', { password: 'no second factor here' })).toMatchObject({ ok: true, value: { kind: 'success' } });
    expect(await services.dispatch('account.passkeyBegin', { kind: 'platform' })).toMatchObject({ ok: true, value: { options: { rp: { id: 'gatehouse.localhost' } } } });
  });

  it('takes away a disabled account’s session at once', async () => {
    await f.core.accounts.create({ email: 'root@example.com', password: 'root passphrase for tests', isAdmin: true }, CLI_ACTOR);
    await signedIn('soon-disabled@example.com', 'soon disabled passphrase');
    expect(await services.dispatch('account.get', {})).toMatchObject({ ok: true });
    f.core.accounts.disable('soon-disabled@example.com', CLI_ACTOR);
    expect(await services.dispatch('account.get', {})).toMatchObject({ ok: false, error: { code: 'session_required' } });
    expect(services.sessions.view()).toBeNull();
  });

  it('throttles guesses at the code that confirms a new authenticator', async () => {
    await signedIn('walkup@example.com', 'walk up victim passphrase');
    expect(await services.dispatch('account.totpBegin', { name: 'attacker' })).toMatchObject({ ok: true });
    for (let i = 0; i < 5; i++) {
      expect(await services.dispatch('account.totpConfirm', { name: 'attacker', code: String(100000 + i) })).toEqual({
        ok: false,
        error: { code: 'invalid_input', field: 'code', message: expect.stringMatching(/not right/) },
      });
    }
    expect(await services.dispatch('account.totpConfirm', { name: 'attacker', code: '000000' })).toEqual({
      ok: false,
      error: { code: 'invalid_input', field: 'code', message: expect.stringMatching(/^Too many wrong codes/) },
    });
    expect(await services.dispatch('account.secondFactors', {})).toEqual({ ok: true, value: { authenticators: [], passkeys: 0, recoveryCodesRemaining: 0 } });
  });
});

describe('what the handlers hand back', () => {
  async function withCodes(email: string, password: string) {
    const { id } = await f.core.accounts.create({ email, password }, CLI_ACTOR);
    const { secret } = f.core.selfService.beginTotp(id, 'phone', CLI_ACTOR);
    const { recoveryCodes } = await f.core.selfService.confirmTotp(id, 'phone', await totpCodeAt(secret, f.clock.now()), CLI_ACTOR);
    return { secret, recoveryCodes: recoveryCodes! };
  }

  it('tells how many recovery codes are left only when one was used, at sign-in and at a step-up', async () => {
    const { secret, recoveryCodes } = await withCodes('rc@example.com', 'recovery code passphrase');
    const step = await services.dispatch('auth.signIn', { email: 'rc@example.com', password: 'recovery code passphrase' });
    const flowId = (step as { value: { flowId: string } }).value.flowId;
    const signedIn = await services.dispatch('auth.secondFactor', { flowId, kind: 'recovery_code', code: recoveryCodes[0]! });
    expect(signedIn).toMatchObject({ ok: true, value: { kind: 'success', recoveryCodesLeft: 9 } });
    expect(await services.dispatch('session.stepUp', { kind: 'recovery_code', code: recoveryCodes[1]! })).toEqual({ ok: true, value: { kind: 'success', recoveryCodesLeft: 8 } });
    f.clock.advance(30_000);
    expect(await services.dispatch('session.stepUp', { kind: 'totp', code: await totpCodeAt(secret, f.clock.now()) })).toEqual({ ok: true, value: { kind: 'success' } });
    services.sessions.signOut();
    const again = await services.dispatch('auth.signIn', { email: 'rc@example.com', password: 'recovery code passphrase' });
    f.clock.advance(30_000);
    const withTotp = await services.dispatch('auth.secondFactor', {
      flowId: (again as { value: { flowId: string } }).value.flowId,
      kind: 'totp',
      code: await totpCodeAt(secret, f.clock.now()),
    });
    expect(Object.keys((withTotp as { value: object }).value).sort()).toEqual(['kind', 'session']);
  });

  it('hands an expired password’s flow to the renderer, and never the account id', async () => {
    await f.core.accounts.create({ email: 'root@example.com', password: 'root passphrase for tests', mustChangePassword: true }, CLI_ACTOR);
    const result = await services.dispatch('auth.signIn', { email: 'root@example.com', password: 'root passphrase for tests' });
    expect(result).toEqual({ ok: true, value: { kind: 'expired', reason: 'forced', flowId: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/) } });
    expect(services.sessions.view()).toBeNull();
  });

  it('lets a step-up last exactly five minutes', async () => {
    const { secret } = await withCodes('five@example.com', 'five minute passphrase');
    const step = await services.dispatch('auth.signIn', { email: 'five@example.com', password: 'five minute passphrase' });
    f.clock.advance(30_000);
    await services.dispatch('auth.secondFactor', { flowId: (step as { value: { flowId: string } }).value.flowId, kind: 'totp', code: await totpCodeAt(secret, f.clock.now()) });
    f.clock.advance(5 * 60_000);
    services.sessions.touch();
    expect(await services.dispatch('account.regenerateRecoveryCodes', {})).toMatchObject({ ok: true });
    f.clock.advance(1);
    expect(await services.dispatch('account.regenerateRecoveryCodes', {})).toEqual({
      ok: false,
      error: { code: 'step_up_required', message: 'Verification required: confirm with your second factor to continue.' },
    });
  });

  it('checks a first-run password against the address being set up, as an administrator’s', async () => {
    f.core.policy.update({ requireMfa: 'admins' }, CLI_ACTOR);
    const check = await services.dispatch('password.check', { password: 'FirstAdmin', email: 'FirstAdmin@Example.com' });
    expect(check).toEqual({ ok: true, value: { problems: [{ rule: 'same_as_email' }], minLength: 15 } });
    const signedOut = await services.dispatch('password.check', { password: 'qzvkw' });
    expect(signedOut).toEqual({ ok: true, value: { problems: [{ rule: 'too_short', min: 15 }], minLength: 15 } });
  });
});
