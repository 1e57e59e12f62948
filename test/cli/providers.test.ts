// `gatehouse providers`: configuring OpenID Connect providers against a real oidc-provider on
// 127.0.0.1, as an administrator would, including one that stops answering.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { copyOfStore, runGatehouse, tempDataDir } from '../support/cli.js';
import { startOidcProvider, type RunningProvider } from '../support/oidc-provider.js';

const template = tempDataDir();
let dataDir = template;
const gh = (args: string[], stdin?: string) => runGatehouse(['--data-dir', dataDir, '--keychain', 'file', ...args], { stdin });
let op: RunningProvider;

function expectOneLineError(result: { code: number; stderr: string }, code: number, pattern: RegExp): void {
  expect(result.code, result.stderr).toBe(code);
  const lines = result.stderr
    .trim()
    .split('\n')
    .filter((l) => !l.includes('keychain: file'));
  expect(lines.at(-1)).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

beforeAll(async () => {
  op = await startOidcProvider();
  expect((await gh(['init'])).code).toBe(0);
  expect((await gh(['users', 'add', '--email', 'ada@example.com', '--password-stdin'], 'ada has a long passphrase\n')).code).toBe(0);
});
afterAll(() => op.stop());
beforeEach(() => {
  dataDir = copyOfStore(template);
});

const add = (extra: string[] = []) => gh(['providers', 'add', '--name', 'Test SSO', '--issuer', op.issuer, '--client-id', op.clientId, '--insecure-loopback-issuer', ...extra]);

describe('gatehouse providers', () => {
  it('adds a provider on a loopback issuer only with the development option, and warns', async () => {
    expectOneLineError(await gh(['providers', 'add', '--name', 'Test SSO', '--issuer', op.issuer, '--client-id', op.clientId]), 2, /must be an https URL.*development only/);
    const added = await add();
    expect(added.code, added.stderr).toBe(0);
    expect(added.stderr).toMatch(/plain-http issuer on this machine\. For development only\./);
    expect((await gh(['providers', 'show', '--name', 'test sso', '--json'])).json()).toEqual({
      name: 'Test SSO',
      issuer: op.issuer,
      clientId: op.clientId,
      clientSecret: null,
      scopes: ['openid', 'email', 'profile'],
      allowRegistration: false,
      trustMfa: false,
      mfaAcr: [],
      emailClaim: 'email',
      insecureLoopbackIssuer: true,
      discovery: { state: 'unknown' },
      linkedIdentities: 0,
      createdAt: expect.any(String),
    });
  });

  it("trusts a provider's two-step sign-in only when told, with the acr values that mean it", async () => {
    const trusted = await gh([
      'providers',
      'add',
      '--name',
      'Corp SSO',
      '--issuer',
      op.issuer,
      '--client-id',
      op.clientId,
      '--insecure-loopback-issuer',
      '--trust-mfa',
      '--mfa-acr',
      'urn:corp:mfa phr',
    ]);
    expect(trusted.code, trusted.stderr).toBe(0);
    expect((await gh(['providers', 'show', '--name', 'Corp SSO', '--json'])).json()).toMatchObject({ trustMfa: true, mfaAcr: ['urn:corp:mfa', 'phr'] });
    expect((await gh(['providers', 'show', '--name', 'Corp SSO'])).stdout).toMatch(/Its two-step: +trusted as a second factor \(amr mfa, or acr urn:corp:mfa phr\)/);
    expectOneLineError(
      await gh(['providers', 'add', '--name', 'Bad SSO', '--issuer', op.issuer, '--client-id', 'x', '--insecure-loopback-issuer', '--mfa-acr', 'a\u0007b']),
      2,
      /acr values/,
    );
  });

  it('refuses an issuer that is not https, scopes without openid, a duplicate name and a hostile name, changing nothing', async () => {
    const base = ['providers', 'add', '--client-id', 'x'];
    expectOneLineError(await gh([...base, '--name', 'Plain', '--issuer', 'http://sso.example.com', '--insecure-loopback-issuer']), 2, /The issuer must be an https URL\.$/);
    expectOneLineError(await gh([...base, '--name', 'Query', '--issuer', 'https://sso.example.com/?a=b']), 2, /cannot carry a user name, a password, a query or a fragment/);
    expectOneLineError(await gh([...base, '--name', 'No openid', '--issuer', 'https://sso.example.com', '--scopes', 'email profile']), 2, /must include "openid"/);
    expectOneLineError(await gh([...base, '--name', 'Evil\u202e', '--issuer', 'https://sso.example.com']), 2, /control or text-direction/);
    expect((await add()).code).toBe(0);
    expectOneLineError(await add(), 2, /already a provider named "Test SSO"/);
    expect((await gh(['providers', 'list', '--json'])).json()).toEqual([expect.objectContaining({ name: 'Test SSO' })]);
  });

  it('keeps a client secret in the store and never shows it again', async () => {
    const secret = 'a-client-secret-nobody-should-see';
    expect((await add(['--client-secret-stdin']).then((r) => r)).code).toBe(2); // no secret given on stdin
    const added = await gh(
      ['providers', 'add', '--name', 'Confidential', '--issuer', op.issuer, '--client-id', op.clientId, '--insecure-loopback-issuer', '--client-secret-stdin'],
      `${secret}\n`,
    );
    expect(added.code, added.stderr).toBe(0);
    const shown = await gh(['providers', 'show', '--name', 'Confidential']);
    expect(shown.stdout).toMatch(/^Client secret:\s+set \(never shown\)$/m);
    const everything = [shown.stdout, (await gh(['providers', 'list', '--json'])).stdout, (await gh(['audit', '--json'])).stdout].join('\n');
    expect(everything).not.toContain(secret);
  });

  it('tests discovery: reachable, then down with the reason kept and audited, then reachable again', async () => {
    expect((await add()).code).toBe(0);
    const ok = await gh(['providers', 'test', '--name', 'Test SSO']);
    expect([ok.code, ok.stdout]).toEqual([0, `Test SSO can be reached: its discovery document names the issuer ${op.issuer}.\n`]);
    expect((await gh(['providers', 'show', '--name', 'Test SSO', '--json'])).json()).toMatchObject({ discovery: { state: 'ok', fetchedAt: expect.any(String) } });

    await op.stop();
    try {
      expectOneLineError(await gh(['providers', 'test', '--name', 'Test SSO']), 1, /Test SSO cannot be reached: nothing answers at the issuer address\.$/);
      const shown = await gh(['providers', 'show', '--name', 'Test SSO']);
      expect(shown.stdout).toMatch(/^Discovery:\s+cannot be reached: nothing answers at the issuer address \(/m);
      const trail = (await gh(['audit', '--action', 'provider.discover', '--json'])).stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(trail.map((e) => [e.outcome, e.detail])).toEqual(
        expect.arrayContaining([
          ['success', 'Test SSO'],
          ['failed', 'Test SSO: nothing answers at the issuer address'],
        ]),
      );
    } finally {
      await op.start();
    }
    expect((await gh(['providers', 'test', '--name', 'Test SSO'])).code).toBe(0);
    expect((await gh(['providers', 'show', '--name', 'Test SSO', '--json'])).json()).toMatchObject({ discovery: { state: 'ok' } });
  });

  it('users show lists the providers an account is linked to; users unlink says when there is no link', async () => {
    expect((await add()).code).toBe(0);
    expect((await gh(['users', 'show', '--email', 'ada@example.com'])).stdout).toMatch(/^Providers:\s+none$/m);
    expect((await gh(['users', 'show', '--email', 'ada@example.com', '--json'])).json()).toMatchObject({ identities: [] });
    expectOneLineError(await gh(['users', 'unlink', '--email', 'ada@example.com', '--provider', 'Test SSO']), 2, /ada@example\.com is not linked to Test SSO\.$/);
    expectOneLineError(await gh(['users', 'unlink', '--email', 'ada@example.com', '--provider', 'Nope']), 2, /There is no provider named "Nope"\./);
  });

  it('removes a provider, and says so when there is none by that name', async () => {
    expect((await add()).code).toBe(0);
    const removed = await gh(['providers', 'remove', '--name', 'Test SSO']);
    expect([removed.code, removed.stdout]).toEqual([0, 'Removed Test SSO.\n']);
    expectOneLineError(await gh(['providers', 'remove', '--name', 'Test SSO']), 2, /There is no provider named "Test SSO"\./);
    expect((await gh(['providers', 'list'])).stdout).toBe('No providers. Add one with "gatehouse providers add".\n');
  });
});
