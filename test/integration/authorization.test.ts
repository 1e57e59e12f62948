// The authorization matrix: every channel, at every state a session can be in, on a fresh store
// each time. The access each case expects is written here by hand, and must be what the contract
// declares: a channel declared with the wrong access fails here, not only in the dispatcher. A channel below its access is refused with the code that says why, and the store is
// byte-for-byte what it was; at its access it gets past the guard. Hand-picked channels let four
// planted bugs through (issue 9); a loop over the contract's own channel list does not.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { accessFor, contract, CHANNELS, type Access, type Channel, type RequestOf } from '../../src/shared/index.js';
import { createAppServices, type AppServices } from '../../src/main/ipc/app-services.js';
import { totpCodeAt } from '../../src/main/core/factors/totp/totp.js';
import { copyCoreFixture, createCoreFixture, CLI_ACTOR, type CoreFixture } from '../support/core.js';
import { SoftAuthenticator } from '../support/soft-authenticator.js';

const PASSWORD = 'a passphrase for the matrix';
const ADMIN = 'admin@example.com';
const USER = 'user@example.com';
const OTHER = 'other@example.com';
/** An administrator with no second factor: sensitive actions ask for a fresh first factor instead. */
const PLAIN_ADMIN = 'plain-admin@example.com';
const BOGUS_FLOW = 'f'.repeat(32);
const BOGUS_PASSKEY = 'c29tZS1wYXNza2V5';
const FIVE_MINUTES = 5 * 60_000;

const assertion = {
  id: BOGUS_PASSKEY,
  rawId: BOGUS_PASSKEY,
  type: 'public-key',
  response: { clientDataJSON: 'e30', authenticatorData: 'AA', signature: 'AA' },
  clientExtensionResults: {},
} as const;
const attestation = {
  id: BOGUS_PASSKEY,
  rawId: BOGUS_PASSKEY,
  type: 'public-key',
  response: { clientDataJSON: 'e30', attestationObject: 'AA' },
  clientExtensionResults: {},
} as const;

interface Case<C extends Channel = Channel> {
  channel: C;
  access: Access;
  label?: string;
  request: RequestOf<C>;
}
const c = <C extends Channel>(channel: C, access: Access, request: RequestOf<C>, label?: string): Case => ({ channel, access, request, ...(label ? { label } : {}) }) as Case;

/** One case per channel (two for admin.createAccount, whose access depends on what it makes). */
const CASES: Case[] = [
  c('app.status', 'public', {}),
  c('app.about', 'session', {}),
  c('app.restoreWithKit', 'public', { recoveryKey: 'not a key' }),
  c('setup.createAdmin', 'public', { email: 'late@example.com', displayName: 'Late', password: PASSWORD }),
  c('password.check', 'public', { password: 'anything at all' }),
  c('auth.signIn', 'public', { email: OTHER, password: 'not the password' }),
  c('auth.completePasswordChange', 'flow', { flowId: BOGUS_FLOW, newPassword: 'a brand new passphrase' }),
  c('auth.secondFactor', 'flow', { flowId: BOGUS_FLOW, kind: 'totp', code: '123456' }),
  c('auth.enrolBegin', 'flow', { flowId: BOGUS_FLOW, name: 'phone' }),
  c('auth.enrolConfirm', 'flow', { flowId: BOGUS_FLOW, name: 'phone', code: '123456' }),
  c('auth.passkeyBegin', 'public', {}),
  c('auth.passkeyFinish', 'flow', { flowId: BOGUS_FLOW, response: assertion }),
  c('auth.passkeySecondFactorBegin', 'flow', { flowId: BOGUS_FLOW }),
  c('auth.passkeySecondFactorFinish', 'flow', { flowId: BOGUS_FLOW, passkeyFlowId: BOGUS_FLOW, response: assertion }),
  c('auth.providers', 'public', {}),
  c('auth.providerBegin', 'public', { name: 'No such provider' }),
  c('auth.providerFinish', 'flow', { flowId: BOGUS_FLOW }),
  c('auth.providerCancel', 'flow', { flowId: BOGUS_FLOW }),
  c('auth.providerReopen', 'flow', { flowId: BOGUS_FLOW }),
  c('session.get', 'public', {}),
  c('session.stepUp', 'session', { kind: 'totp', code: '000000' }),
  c('session.confirmPassword', 'session', { password: 'not the password' }),
  c('auth.codeChannels', 'public', {}),
  c('auth.codeRequest', 'public', { channel: 'email', to: 'nobody@example.com' }),
  c('auth.codeResend', 'flow', { flowId: BOGUS_FLOW }),
  c('auth.codeVerify', 'flow', { flowId: BOGUS_FLOW, code: '123456' }),
  c('admin.delivery', 'admin', {}),
  c('admin.setSmtp', 'admin-mfa', { host: '127.0.0.1', port: 9, tls: 'none-loopback-only', from: 'gatehouse@example.com' }),
  c('admin.setSms', 'admin-mfa', { baseUrl: 'http://127.0.0.1:9', accountId: 'AC1', authToken: 'token', from: '+15550000000' }),
  c('admin.testDelivery', 'admin', { to: 'not an address' }),
  c('account.contactBegin', 'fresh-auth', { channel: 'email', to: 'new@example.com' }),
  c('account.contactConfirm', 'session', { flowId: BOGUS_FLOW, code: '123456' }),
  c('account.removePhone', 'fresh-auth', {}),
  c('auth.textSecondFactor', 'flow', { flowId: BOGUS_FLOW }),
  c('session.reauthOptions', 'own-session', {}),
  c('session.reauthProviderBegin', 'session', { name: 'No such provider' }),
  c('session.reauthProviderFinish', 'session', { flowId: BOGUS_FLOW }),
  c('session.unlockWithProviderBegin', 'own-session', { name: 'No such provider' }),
  c('session.unlockWithProviderFinish', 'own-session', { flowId: BOGUS_FLOW }),
  c('session.unlockWithPasskeyBegin', 'own-session', {}),
  c('session.stepUpPasskeyBegin', 'session', {}),
  c('session.stepUpPasskeyFinish', 'session', { flowId: BOGUS_FLOW, response: assertion }),
  c('session.unlockWithPasskeyFinish', 'own-session', { flowId: BOGUS_FLOW, response: assertion }),
  c('session.touch', 'public', {}),
  c('session.lock', 'public', {}),
  c('session.unlock', 'own-session', { password: 'not the password' }),
  c('session.signOut', 'public', {}),
  c('account.get', 'session', {}),
  c('account.rename', 'session', { displayName: 'Renamed' }),
  c('account.changePassword', 'recent-mfa', { currentPassword: 'not the password', newPassword: 'a brand new passphrase' }),
  c('account.setPassword', 'fresh-auth', { newPassword: 'a brand new passphrase' }),
  c('account.secondFactors', 'session', {}),
  c('account.totpBegin', 'fresh-auth', { name: 'tablet' }),
  c('account.totpConfirm', 'session', { name: 'tablet', code: '123456' }),
  c('account.totpRemove', 'recent-mfa', { name: 'phone' }),
  c('account.regenerateRecoveryCodes', 'recent-mfa', {}),
  c('account.identities', 'session', {}),
  c('account.linkProviderBegin', 'fresh-auth', { name: 'No such provider' }),
  c('account.linkProviderFinish', 'session', { flowId: BOGUS_FLOW }),
  c('account.unlinkProvider', 'fresh-auth', { provider: 'No such provider' }),
  c('account.passkeys', 'session', {}),
  c('account.passkeyBegin', 'fresh-auth', { kind: 'security_key' }),
  c('account.passkeyFinish', 'session', { flowId: BOGUS_FLOW, name: 'key', response: attestation }),
  c('account.passkeyRename', 'session', { id: BOGUS_PASSKEY, name: 'key' }),
  c('account.passkeyRemove', 'fresh-auth', { id: BOGUS_PASSKEY }),
  c('admin.listAccounts', 'admin', {}),
  c('admin.createAccount', 'admin', { email: 'new@example.com', password: PASSWORD, isAdmin: false, mustChangePassword: false }, 'a user'),
  c('admin.createAccount', 'admin-mfa', { email: 'new-admin@example.com', password: PASSWORD, isAdmin: true, mustChangePassword: false }, 'an administrator'),
  c('admin.disable', 'admin', { email: OTHER }),
  c('admin.enable', 'admin', { email: OTHER }),
  c('admin.unlock', 'admin', { email: OTHER }),
  c('admin.expirePassword', 'admin', { email: OTHER }),
  c('admin.delete', 'admin', { email: OTHER }),
  c('admin.rename', 'admin', { email: OTHER, displayName: 'Renamed by an administrator' }),
  c('admin.setRole', 'admin-mfa', { email: OTHER, isAdmin: true }),
  c('admin.setTemporaryPassword', 'admin-mfa', { email: OTHER, password: 'a temporary passphrase here' }),
  c('admin.resetSecondFactors', 'admin-mfa', { email: OTHER }),
  c('admin.setRequireMfa', 'admin-mfa', { email: OTHER, required: true }),
  c('admin.audit', 'admin', {}),
  c('admin.providers', 'admin', {}),
  c('admin.addProvider', 'admin-mfa', {
    name: 'Matrix SSO',
    issuer: 'https://sso.example.com',
    clientId: 'x',
    allowRegistration: false,
    dangerouslyAllowInsecureLoopbackIssuer: false,
  }),
  c('admin.testProvider', 'admin', { name: 'No such provider' }),
  c('admin.removeProvider', 'admin-mfa', { name: 'No such provider', unlinkAll: false }),
  c('admin.createEmergencyKit', 'admin-mfa', {}),
  c('admin.keepEmergencyKit', 'admin', {}),
  c('admin.backups', 'admin', {}),
  c('admin.setBackupFolder', 'admin-mfa', { folder: '/nonexistent/nowhere', keep: 3, daily: false }),
  c('admin.backupNow', 'admin', {}),
  c('admin.rotateStoreKey', 'admin-mfa', {}),
  c('admin.getPolicy', 'admin', {}),
  c('admin.updatePolicy', 'admin-mfa', { passwordMinLength: 8 }),
];

interface World {
  f: CoreFixture;
  services: AppServices;
  ids: { admin: string; user: string };
}

/** Makes an account with a TOTP authenticator; returns its key. */
async function withAuthenticator(f: CoreFixture, id: string): Promise<string> {
  const { secret } = f.core.selfService.beginTotp(id, 'phone', CLI_ACTOR);
  await f.core.selfService.confirmTotp(id, 'phone', await totpCodeAt(secret, f.clock.now()), CLI_ACTOR);
  return secret;
}

async function signIn({ f, services }: World, email: string, secret?: string): Promise<void> {
  const first = await services.dispatch('auth.signIn', { email, password: PASSWORD });
  if (secret) {
    f.clock.advance(30_000);
    const flowId = (first as { value: { flowId: string } }).value.flowId;
    const second = await services.dispatch('auth.secondFactor', { flowId, kind: 'totp', code: await totpCodeAt(secret, f.clock.now()) });
    expect(second).toMatchObject({ ok: true, value: { kind: 'success' } });
  } else {
    expect(first).toMatchObject({ ok: true, value: { kind: 'success' } });
  }
}

/** The states a caller can be in. Each starts from a store with an administrator (with an authenticator), a user and another account. */
const STATES = {
  'signed out': async () => {},
  'a sign-in flow only': async (w: World) => {
    const result = await w.services.dispatch('auth.signIn', { email: ADMIN, password: PASSWORD });
    expect(result).toMatchObject({ ok: true, value: { kind: 'second_factor_required' } });
  },
  'a user': async (w: World) => signIn(w, USER),
  'a user whose sign-in is old': async (w: World) => {
    await signIn(w, USER);
    w.f.clock.advance(FIVE_MINUTES + 1);
    w.services.sessions.touch();
  },
  'a user who added an authenticator since signing in': async (w: World) => {
    await signIn(w, USER);
    await withAuthenticator(w.f, w.ids.user);
  },
  'a user who added a passkey since signing in': async (w: World) => {
    await signIn(w, USER);
    // A passkey is a second factor too: the session must now show a fresh one.
    const { flowId, options } = await w.f.core.passkeys.beginRegistration(w.ids.user, 'platform');
    const device = new SoftAuthenticator({ origin: 'http://gatehouse.localhost', rpId: 'gatehouse.localhost' });
    await w.f.core.passkeys.finishRegistration(w.ids.user, flowId, device.register(options) as never, 'Key', CLI_ACTOR);
  },
  'an administrator': async (w: World, secret: string) => signIn(w, ADMIN, secret),
  'an administrator without a second factor whose sign-in is old': async (w: World) => {
    await signIn(w, PLAIN_ADMIN);
    w.f.clock.advance(FIVE_MINUTES + 1);
    w.services.sessions.touch();
  },
  'an administrator with a stale second factor': async (w: World, secret: string) => {
    await signIn(w, ADMIN, secret);
    w.f.clock.advance(FIVE_MINUTES + 1);
    w.services.sessions.touch();
  },
  'a locked session': async (w: World, secret: string) => {
    await signIn(w, ADMIN, secret);
    w.services.sessions.lock();
  },
  'a disabled account': async (w: World) => {
    await signIn(w, USER);
    w.f.core.accounts.disable(USER, CLI_ACTOR);
  },
} satisfies Record<string, (w: World, adminSecret: string) => Promise<void>>;
type State = keyof typeof STATES;

const NO_SESSION: Partial<Record<State, string>> = {
  'signed out': 'session_required',
  'a sign-in flow only': 'session_required',
  'a locked session': 'session_locked',
  'a disabled account': 'session_required',
};
const NOT_ADMIN: Partial<Record<State, string>> = {
  'a user': 'forbidden',
  'a user whose sign-in is old': 'forbidden',
  'a user who added an authenticator since signing in': 'forbidden',
  'a user who added a passkey since signing in': 'forbidden',
};

/** The refusal each access gives in each state; absent means the call gets past the guard. */
const REFUSAL: Record<Access, Partial<Record<State, string>>> = {
  public: {},
  flow: Object.fromEntries(Object.keys(STATES).map((state) => [state, 'flow_expired'])),
  'own-session': { 'signed out': 'session_required', 'a sign-in flow only': 'session_required' },
  session: NO_SESSION,
  'recent-mfa': {
    ...NO_SESSION,
    'a user who added an authenticator since signing in': 'step_up_required',
    'a user who added a passkey since signing in': 'step_up_required',
    'an administrator with a stale second factor': 'step_up_required',
  },
  'fresh-auth': {
    ...NO_SESSION,
    'a user whose sign-in is old': 'reauth_required',
    'a user who added an authenticator since signing in': 'step_up_required',
    'a user who added a passkey since signing in': 'step_up_required',
    'an administrator with a stale second factor': 'step_up_required',
    'an administrator without a second factor whose sign-in is old': 'reauth_required',
  },
  admin: { ...NO_SESSION, ...NOT_ADMIN },
  'admin-mfa': {
    ...NO_SESSION,
    ...NOT_ADMIN,
    'an administrator with a stale second factor': 'step_up_required',
    'an administrator without a second factor whose sign-in is old': 'reauth_required',
  },
};
const GUARD_CODES = new Set(['session_required', 'session_locked', 'forbidden', 'step_up_required', 'reauth_required']);

/** The starting store, made once: an administrator with an authenticator, a user, another account. */
let template: { f: CoreFixture; ids: World['ids']; adminSecret: string };
beforeAll(async () => {
  const f = await createCoreFixture();
  const admin = await f.core.accounts.create({ email: ADMIN, password: PASSWORD, isAdmin: true }, CLI_ACTOR);
  const user = await f.core.accounts.create({ email: USER, password: PASSWORD }, CLI_ACTOR);
  await f.core.accounts.create({ email: OTHER, password: PASSWORD }, CLI_ACTOR);
  await f.core.accounts.create({ email: PLAIN_ADMIN, password: PASSWORD, isAdmin: true }, CLI_ACTOR);
  template = { f, ids: { admin: admin.id, user: user.id }, adminSecret: await withAuthenticator(f, admin.id) };
});
afterAll(async () => {
  await template.f.cleanup();
});

let world: World | null = null;
afterEach(async () => {
  await world?.f.cleanup();
  world = null;
});

/** A store of its own for each case, copied from the template, with its own session and clock. */
async function freshWorld(): Promise<{ w: World; adminSecret: string }> {
  const f = await copyCoreFixture(template.f);
  world = { f, services: createAppServices(f.core, f.clock, { error: () => {} }), ids: template.ids };
  return { w: world, adminSecret: template.adminSecret };
}

describe('the matrix covers the contract', () => {
  it('has a case for every channel', () => {
    expect(new Set(CASES.map((k) => k.channel))).toEqual(new Set(CHANNELS));
  });

  it('expects, for every case, the access the contract declares for that request', () => {
    const declared = CASES.map((k) => ({ case: `${k.channel} ${k.label ?? ''}`, access: accessFor(k.channel, contract[k.channel].request.parse(k.request) as never) }));
    expect(declared).toEqual(CASES.map((k) => ({ case: `${k.channel} ${k.label ?? ''}`, access: k.access })));
  });
});

describe.each(Object.keys(STATES) as State[])('%s', (state) => {
  it.each(CASES.map((k) => [`${k.channel}${k.label ? ` (${k.label})` : ''}`, k] as const))('%s', async (_name, k) => {
    const { w, adminSecret } = await freshWorld();
    await STATES[state](w, adminSecret);
    const refusal = REFUSAL[k.access][state];
    const before = await w.f.snapshot();
    const result = await w.services.dispatch(k.channel, k.request);
    if (refusal) {
      expect(result).toEqual({ ok: false, error: { code: refusal, message: expect.any(String) } });
      expect(await w.f.snapshot()).toEqual(before);
    } else {
      // Past the guard: an answer, or a refusal for a reason other than who is asking.
      if (!result.ok) expect(GUARD_CODES.has(result.error.code) ? result.error : null).toBeNull();
      expect(result).not.toMatchObject({ ok: false, error: { code: 'internal' } });
    }
  });
});

describe('rules about the caller’s own account', () => {
  for (const channel of ['admin.disable', 'admin.delete'] as const) {
    it(`${channel}: an administrator cannot do it to their own account, and nothing changes`, async () => {
      const { w, adminSecret } = await freshWorld();
      await signIn(w, ADMIN, adminSecret);
      const before = await w.f.snapshot();
      expect(await w.services.dispatch(channel, { email: ` ${ADMIN.toUpperCase()} ` })).toEqual({
        ok: false,
        error: { code: 'conflict', message: expect.stringMatching(/your own account/) },
      });
      expect(await w.f.snapshot()).toEqual(before);
      expect(await w.services.dispatch('account.get', {})).toMatchObject({ ok: true, value: { email: ADMIN, status: 'active' } });
    });
  }
});
