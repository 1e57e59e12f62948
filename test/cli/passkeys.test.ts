import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createKeychain } from '../../src/main/secrets/create-keychain.js';
import { openGatehouse } from '../../src/main/open-gatehouse.js';
import { SoftAuthenticator } from '../support/soft-authenticator.js';
import { copyOfStore, runGatehouse, tempDataDir } from '../support/cli.js';

const EMAIL = 'pat@example.com';
/** Made once with a passkey; each test works on its own copy. */
const template = tempDataDir();
let dataDir = template;
const gh = (args: string[], stdin?: string) => runGatehouse(['--data-dir', dataDir, '--keychain', 'file', ...args], { stdin });
let passkeyId = '';

beforeAll(async () => {
  expect((await gh(['init'])).code).toBe(0);
  expect((await gh(['users', 'add', '--email', EMAIL, '--password-stdin'], 'pat has a long passphrase\n')).code).toBe(0);
  // Register a passkey as the app would (the CLI cannot run a WebAuthn ceremony).
  const { core, store } = await openGatehouse({ dataDir, keychain: createKeychain('file', dataDir, () => {}) });
  try {
    const id = core.accounts.show(EMAIL).id;
    const { flowId, options } = await core.passkeys.beginRegistration(id, 'platform');
    const device = new SoftAuthenticator({ origin: 'http://gatehouse.localhost', rpId: 'gatehouse.localhost' });
    passkeyId = (await core.passkeys.finishRegistration(id, flowId, device.register(options) as never, 'Desk key', { kind: 'cli', osUser: 'test' })).passkey.id;
  } finally {
    store.close();
  }
});

beforeEach(() => {
  dataDir = copyOfStore(template);
});

describe('gatehouse passkeys', () => {
  it('lists an account’s passkeys, also in users show', async () => {
    const list = await gh(['passkeys', 'list', '--email', EMAIL, '--json']);
    expect(list.code).toBe(0);
    expect(list.json()).toEqual([expect.objectContaining({ id: passkeyId, name: 'Desk key', synced: false, lastUsedAt: null })]);
    expect((await gh(['users', 'show', '--email', EMAIL, '--json'])).json()).toMatchObject({ passkeys: [{ id: passkeyId, name: 'Desk key' }] });
  });

  it('removes one by id; an unknown id is refused with exit 2', async () => {
    expect((await gh(['passkeys', 'remove', '--email', EMAIL, '--id', 'bm9wZQ'])).code).toBe(2);
    expect((await gh(['passkeys', 'remove', '--email', EMAIL])).code).toBe(2);
    expect((await gh(['passkeys', 'remove', '--email', EMAIL, '--id', passkeyId])).code).toBe(0);
    expect((await gh(['passkeys', 'list', '--email', EMAIL, '--json'])).json()).toEqual([]);
    expect((await gh(['audit', '--json', '--action', 'passkey.remove'])).stdout).toContain('Desk key');
  });
});
