import { renameSync } from 'node:fs';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { codeForCli, copyOfStore, runGatehouse, tempDataDir, type CliResult } from '../support/cli.js';

const EMAIL = 'tess@example.com';
const PASSWORD = 'tess has a long passphrase';
/** Two stores made once: with the account only, and with its authenticator "phone" confirmed. */
const plain = tempDataDir();
const enrolled = tempDataDir();
let dataDir = '';
const gh = (args: string[], stdin?: string, dir = dataDir): Promise<CliResult> => runGatehouse(['--data-dir', dir, ...args], { stdin });
const verify = (...extra: string[]) => gh(['verify', 'password', '--email', EMAIL, '--password-stdin', '--json', ...extra], `${PASSWORD}\n`);

let secret = '';
let recoveryCodes: string[] = [];

beforeAll(async () => {
  expect((await gh(['init'], undefined, plain)).code).toBe(0);
  expect((await gh(['users', 'add', '--email', EMAIL, '--password-stdin'], `${PASSWORD}\n`, plain)).code).toBe(0);
  const copy = copyOfStore(plain);
  secret = (await gh(['totp', 'add', '--email', EMAIL, '--name', 'phone', '--json'], undefined, copy)).json<{ secret: string }>().secret;
  const confirmed = await gh(['totp', 'confirm', '--email', EMAIL, '--name', 'phone', '--code', await codeForCli(secret, 'current'), '--json'], undefined, copy);
  expect(confirmed.code, confirmed.stderr).toBe(0);
  recoveryCodes = confirmed.json<{ recoveryCodes: string[] }>().recoveryCodes;
  renameSync(copy, enrolled);
});

describe('gatehouse totp add and confirm', () => {
  beforeEach(() => {
    dataDir = copyOfStore(plain);
  });

  it('totp add prints a pending key and its otpauth URI', async () => {
    const result = await gh(['totp', 'add', '--email', EMAIL, '--name', 'phone', '--json']);
    expect(result.code).toBe(0);
    const body = result.json<{ secret: string; uri: string }>();
    expect(body.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(body.uri).toBe(`otpauth://totp/Gatehouse:tess%40example.com?secret=${body.secret}&issuer=Gatehouse`);
    expect((await gh(['users', 'show', '--email', EMAIL, '--json'])).json()).toMatchObject({ authenticators: [], recoveryCodesRemaining: 0 });
    expect((await verify()).json()).toEqual({ outcome: 'success', amr: ['pwd'] });
  });

  it('totp confirm refuses a wrong code (exit 3: refused, not bad usage) and activates with a right one, printing 10 recovery codes', async () => {
    const first = await gh(['totp', 'add', '--email', EMAIL, '--name', 'phone', '--json']);
    expect(first.json()).toMatchObject({ replacedPending: false });
    // A second add of the same name says that it replaces the key given before.
    const again = await gh(['totp', 'add', '--email', EMAIL, '--name', 'phone', '--qr']);
    expect(again.stdout).toContain('This replaces the key given earlier for "phone", which was never confirmed');
    // The QR code is drawn with block characters, as many lines as it has modules.
    expect(again.stdout.split('\n').filter((line) => /^[ █▀▄]+$/.test(line)).length).toBeGreaterThan(20);
    const { secret } = (await gh(['totp', 'add', '--email', EMAIL, '--name', 'phone', '--json'])).json<{ secret: string }>();
    const wrong = await gh(['totp', 'confirm', '--email', EMAIL, '--name', 'phone', '--code', '000000']);
    expect(wrong.code).toBe(3);
    expect(wrong.stdout).toMatch(/not right/);
    const right = await gh(['totp', 'confirm', '--email', EMAIL, '--name', 'phone', '--code', await codeForCli(secret, 'current'), '--json']);
    expect(right.code).toBe(0);
    const body = right.json<{ activated: boolean; recoveryCodes: string[] }>();
    expect(body.activated).toBe(true);
    expect(body.recoveryCodes).toHaveLength(10);
    expect((await gh(['users', 'show', '--email', EMAIL, '--json'])).json()).toMatchObject({ authenticators: ['phone'], recoveryCodesRemaining: 10 });
  });
});

describe('an account with an authenticator', () => {
  beforeEach(() => {
    dataDir = copyOfStore(enrolled);
  });

  it('verify password then asks for the second factor (exit 3)', async () => {
    const result = await verify();
    expect(result.code).toBe(3);
    expect(result.json()).toEqual({ outcome: 'second_factor_required', methods: ['totp', 'recovery_code'] });
  });

  it('verify password --totp signs in with pwd, otp and mfa, and never twice with one code', async () => {
    const code = await codeForCli(secret, 'next');
    const ok = await verify('--totp', code);
    expect([ok.code, ok.json()]).toEqual([0, { outcome: 'success', amr: ['pwd', 'otp', 'mfa'] }]);
    const replay = await verify('--totp', code);
    expect([replay.code, replay.json()]).toEqual([3, { outcome: 'failed' }]);
  });

  it('verify password --recovery-code works once per code, in any case and spacing', async () => {
    const code = recoveryCodes[0]!.toLowerCase().replace(/-/g, ' ');
    const ok = await verify('--recovery-code', code);
    expect([ok.code, ok.json()]).toEqual([0, { outcome: 'success', amr: ['pwd', 'mfa'], recoveryCodesLeft: 9 }]);
    expect((await verify('--recovery-code', code)).json()).toEqual({ outcome: 'failed' });
    expect((await gh(['recovery-codes', 'count', '--email', EMAIL, '--json'])).json()).toEqual({ remaining: 9 });
    const human = await gh(['verify', 'password', '--email', EMAIL, '--password-stdin', '--recovery-code', recoveryCodes[2]!], `${PASSWORD}\n`);
    expect(human.stdout.trim()).toBe('Signed in with your password (two-step verification). 8 recovery codes left.');
    expect((await gh(['audit', '--json', '--email', EMAIL])).stdout).toMatch(/"method":"recovery_code","outcome":"success"/);
  });

  it('recovery-codes regenerate replaces the whole set', async () => {
    const result = await gh(['recovery-codes', 'regenerate', '--email', EMAIL, '--json']);
    expect(result.code).toBe(0);
    const fresh = result.json<{ recoveryCodes: string[] }>().recoveryCodes;
    expect(fresh).toHaveLength(10);
    expect((await verify('--recovery-code', recoveryCodes[1]!)).json()).toEqual({ outcome: 'failed' });
    expect((await verify('--recovery-code', fresh[0]!)).code).toBe(0);
  });

  it('refuses usage mistakes with exit 2', async () => {
    expect((await verify('--totp', '123456', '--recovery-code', 'AAAA-BBBB-CCCC')).code).toBe(2);
    expect((await gh(['totp', 'add', '--email', 'nobody@example.com', '--name', 'x'])).code).toBe(2);
    expect((await gh(['totp', 'add', '--email', EMAIL, '--name', 'phone'])).code).toBe(2); // name taken
    expect((await gh(['totp', 'confirm', '--email', EMAIL, '--name', 'phone'])).code).toBe(2); // no --code
    expect((await gh(['totp', 'remove', '--email', EMAIL, '--name', 'tablet'])).code).toBe(2);
  });

  it('totp confirm prints no recovery codes for a second authenticator: only the first brings them', async () => {
    const { secret: tablet } = (await gh(['totp', 'add', '--email', EMAIL, '--name', 'tablet', '--json'])).json<{ secret: string }>();
    const confirmed = await gh(['totp', 'confirm', '--email', EMAIL, '--name', 'tablet', '--code', await codeForCli(tablet, 'current'), '--json']);
    expect([confirmed.code, confirmed.json()]).toEqual([0, { activated: true }]);
    const text = await gh(['recovery-codes', 'count', '--email', EMAIL, '--json']);
    expect(text.json()).toEqual({ remaining: 10 });
    expect((await gh(['users', 'show', '--email', EMAIL, '--json'])).json()).toMatchObject({ authenticators: ['phone', 'tablet'], recoveryCodesRemaining: 10 });
  });

  it('totp remove takes the last authenticator and its recovery codes away', async () => {
    expect((await gh(['totp', 'remove', '--email', EMAIL, '--name', 'phone'])).code).toBe(0);
    expect((await gh(['users', 'show', '--email', EMAIL, '--json'])).json()).toMatchObject({ authenticators: [], recoveryCodesRemaining: 0 });
    expect((await verify()).json()).toEqual({ outcome: 'success', amr: ['pwd'] });
  });
});
