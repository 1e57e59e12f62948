/**
 * Sign-in per flow, through the real core over a real store with the shipped Argon2id
 * parameters, against one raw Argon2id verification of the same password measured in the same
 * rounds. Recovery codes: a fresh set each round (outside the timing); "first" and "last" are the
 * code's place in the stored set, which mattered when codes were checked one by one. The emailed
 * code goes through a real SMTP server on loopback (asked for, read from the message, typed);
 * the provider sign-in through a real oidc-provider on loopback, an HTTP client playing the
 * browser (the loopback listener, the authorization request, the provider's login and consent
 * pages, the code exchange and every check of the ID token). Neither hashes a password: their
 * ratios say what they cost next to one, with no target.
 */
import { verifyPassword, DEFAULT_KDF, hashPassword } from '../../src/main/core/passwords/argon2.js';
import { totpCodeAt } from '../../src/main/core/factors/totp/totp.js';
import { cryptoRandom } from '../../src/main/common/ports.js';
import { listenForCallback } from '../../src/main/ipc/oauth-callback.js';
import { CLI_ACTOR, createCoreFixture } from '../../test/support/core.js';
import { actAtProvider, startOidcProvider } from '../../test/support/oidc-provider.js';
import { codeSentTo, startSmtpServer } from '../../test/support/smtp-server.js';
import { SoftAuthenticator } from '../../test/support/soft-authenticator.js';
import { interleave, ratios, stats, type Section } from '../lib.js';

const PASSWORD = 'a passphrase for the benchmarks';
const MINUTE = 60_000;
const ANONYMOUS = { kind: 'anonymous' } as const;

export async function signInSuite(quick: boolean): Promise<Section> {
  const f = await createCoreFixture(DEFAULT_KDF);
  const smtp = await startSmtpServer();
  const op = await startOidcProvider([{ sub: 'sso-person', email: 'sso@example.com', name: 'Sso Person' }]);
  try {
    await f.core.prepare();
    const create = async (email: string) => (await f.core.accounts.create({ email, password: PASSWORD }, CLI_ACTOR)).id;
    await create('plain@example.com');
    const totpUser = await create('totp@example.com');
    const { secret } = f.core.selfService.beginTotp(totpUser, 'phone', CLI_ACTOR);
    await f.core.selfService.confirmTotp(totpUser, 'phone', await totpCodeAt(secret, f.clock.now()), CLI_ACTOR);
    const codesUser = await create('codes@example.com');
    const other = f.core.selfService.beginTotp(codesUser, 'phone', CLI_ACTOR);
    await f.core.selfService.confirmTotp(codesUser, 'phone', await totpCodeAt(other.secret, f.clock.now()), CLI_ACTOR);
    const passkeyUser = await create('passkey@example.com');
    const device = new SoftAuthenticator({ origin: 'http://gatehouse.localhost', rpId: 'gatehouse.localhost' });
    const registration = await f.core.passkeys.beginRegistration(passkeyUser, 'platform');
    await f.core.passkeys.finishRegistration(passkeyUser, registration.flowId, device.register(registration.options) as never, 'Laptop', CLI_ACTOR);

    await create('code@example.com');
    f.core.delivery.setSmtp({ host: '127.0.0.1', port: smtp.port, tls: 'none-loopback-only', from: 'gatehouse@example.com' }, CLI_ACTOR);
    // Registered at the first sign-in (outside the timing): the rounds sign in an existing identity.
    f.core.providers.add({ name: 'Bench SSO', issuer: op.issuer, clientId: op.clientId, allowRegistration: true, dangerouslyAllowInsecureLoopbackIssuer: true }, CLI_ACTOR);
    const provider = async () => {
      const listener = await listenForCallback();
      const begun = await f.core.signIn.beginProvider('Bench SSO', listener.redirectUri, ANONYMOUS);
      listener.expectState(begun.state);
      await fetch(await actAtProvider(begun.authorizationUrl, { login: 'sso-person' }));
      const done = await f.core.signIn.finishProvider(begun.flowId, await listener.callback, ANONYMOUS);
      if (done.kind !== 'success') throw new Error(`provider sign-in: expected success, got ${done.kind}`);
    };
    await provider();

    const raw = await hashPassword(PASSWORD, DEFAULT_KDF, cryptoRandom);
    let codes: string[] = [];
    const secondStep = async (email: string, proof: Parameters<typeof f.core.signIn.secondFactor>[1]) => {
      const first = await f.core.signIn.password(email, PASSWORD);
      if (first.kind !== 'second_factor_required') throw new Error(`expected a second step, got ${first.kind}`);
      const done = await f.core.signIn.secondFactor(first.flowId, proof, CLI_ACTOR);
      if (done.kind !== 'success' && proof.kind !== 'recovery_code') throw new Error(`expected success, got ${done.kind}`);
      return done;
    };
    const cases = {
      'one Argon2id verification': () => verifyPassword(raw, PASSWORD),
      password: async () => {
        if ((await f.core.signIn.password('plain@example.com', PASSWORD)).kind !== 'success') throw new Error('password sign-in failed');
      },
      'password + authenticator code': async () => secondStep('totp@example.com', { kind: 'totp', code: await totpCodeAt(secret, f.clock.now()) }),
      'password + recovery code (first)': {
        setup: async () => (codes = await f.core.selfService.regenerateRecoveryCodes(codesUser, CLI_ACTOR)),
        run: () => secondStep('codes@example.com', { kind: 'recovery_code', code: codes[0]! }),
      },
      'password + recovery code (last)': () => secondStep('codes@example.com', { kind: 'recovery_code', code: codes[9]! }),
      'password + recovery code (wrong)': () => secondStep('codes@example.com', { kind: 'recovery_code', code: '0000-0000-0000' }),
      'emailed code': async () => {
        smtp.received.length = 0;
        const sent = await f.core.signIn.requestCode('email', 'code@example.com', ANONYMOUS);
        const done = await f.core.signIn.verifyCode(sent.flowId, codeSentTo(smtp, 'code@example.com'), ANONYMOUS);
        if (done.kind !== 'success') throw new Error(`emailed code: expected success, got ${done.kind}`);
      },
      'OpenID Connect provider': provider,
      passkey: async () => {
        const { flowId, options } = await f.core.signIn.beginPasskey();
        if ((await f.core.signIn.finishPasskey(flowId, device.assert(options) as never, CLI_ACTOR)).kind !== 'success') throw new Error('passkey sign-in failed');
      },
    };
    const samples = await interleave(cases, quick ? 2 : 11, {
      warmUp: 1,
      // Past the throttle and to a new authenticator step: this measures the work, not the limits.
      between: () => f.clock.advance(16 * MINUTE),
    });
    const floor = samples['one Argon2id verification']!;
    const password = samples.password!;
    const rows: Section['rows'] = [];
    for (const name of Object.keys(cases).filter((n) => n !== 'one Argon2id verification')) {
      rows.push({
        figure: name,
        floor: 'one Argon2id verification',
        floorMs: stats(floor).median,
        ratio: ratios(samples[name]!, floor),
        target: name === 'password' ? 1.1 : undefined,
      });
    }
    for (const name of ['password + recovery code (first)', 'password + recovery code (last)', 'password + recovery code (wrong)']) {
      rows.push({ figure: name, floor: 'password sign-in', floorMs: stats(password).median, ratio: ratios(samples[name]!, password), target: 1.3 });
    }
    return {
      title: 'Sign-in',
      about: `Each flow through the core, with the shipped parameters (Argon2id m = ${DEFAULT_KDF.memoryKiB / 1024} MiB, t = ${DEFAULT_KDF.iterations}, p = ${DEFAULT_KDF.parallelism}; recovery codes m = 19 MiB, t = 2). The floor is one raw verification of the same password, timed in the same rounds.`,
      rows,
    };
  } finally {
    await f.cleanup();
    await smtp.stop();
    await op.stop();
  }
}
