import { describe, expect, it } from 'vitest';
import {
  describeWebAuthnAccount,
  guardedHandler,
  isTrustedSender,
  UNTRUSTED_SENDER,
  mainWindowOptions,
  mayDownload,
  mayGrantPermission,
  mayNavigate,
  mayOpenExternal,
  storeSettings,
  USE_ENVIRONMENT_SWITCH,
} from './policies.js';

describe('mainWindowOptions', () => {
  it('sandboxes the renderer with context isolation and no Node', () => {
    const { webPreferences } = mainWindowOptions('/app/preload.cjs');
    expect(webPreferences).toMatchObject({
      preload: '/app/preload.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
    });
    expect(mainWindowOptions('/app/preload.cjs', { devTools: true }).webPreferences.devTools).toBe(true);
  });
});

describe('mayNavigate', () => {
  it.each([
    ['http://gatehouse.localhost/', true],
    ['http://gatehouse.localhost/index.html#account', true],
    ['https://gatehouse.localhost/', false],
    ['http://gatehouse.localhost:8080/', false],
    ['http://evil.localhost/', false],
    ['https://example.com/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['not a url', false],
  ])('%s → %s', (url, allowed) => expect(mayNavigate(url)).toBe(allowed));
});

describe('isTrustedSender', () => {
  it('trusts only the main frame at the app origin', () => {
    expect(isTrustedSender({ url: 'http://gatehouse.localhost/', isMainFrame: true })).toBe(true);
    expect(isTrustedSender({ url: 'http://gatehouse.localhost/', isMainFrame: false })).toBe(false);
    expect(isTrustedSender({ url: 'https://example.com/', isMainFrame: true })).toBe(false);
    expect(isTrustedSender({ url: 'file:///app/index.html', isMainFrame: true })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
  });
});

describe('guardedHandler (what main.ts registers for every channel)', () => {
  const APP = 'http://gatehouse.localhost/index.html';
  const call = (senderFrame: { url: string; parent: unknown } | null) => {
    const calls: [string, unknown][] = [];
    const handler = guardedHandler('admin.unlock', (channel, payload) => (calls.push([channel, payload]), 'dispatched'));
    return { answer: handler({ senderFrame }, { email: 'a@b.co' }), calls };
  };

  it('dispatches a call from the main frame of the app', () => {
    expect(call({ url: APP, parent: null })).toEqual({ answer: 'dispatched', calls: [['admin.unlock', { email: 'a@b.co' }]] });
  });

  it.each([
    ['a subframe of the app', { url: APP, parent: { url: APP } }],
    ['a main frame of another origin', { url: 'https://evil.example/', parent: null }],
    ['the app origin on another port', { url: 'http://gatehouse.localhost:8080/', parent: null }],
    ['a frame that is already gone', null],
  ])('refuses %s without dispatching', (_label, frame) => {
    expect(call(frame)).toEqual({ answer: UNTRUSTED_SENDER, calls: [] });
  });
});

describe('permissions and external links', () => {
  it('grants no permission but writing to the clipboard', () => {
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal', 'fullscreen', 'hid', 'usb'])
      expect(mayGrantPermission(permission)).toBe(false);
    expect(mayGrantPermission('clipboard-sanitized-write')).toBe(true);
  });

  it('opens only https URLs on a configured issuer', () => {
    const issuers = ['https://login.example.com'];
    expect(mayOpenExternal('https://login.example.com/authorize?client_id=x', issuers)).toBe(true);
    expect(mayOpenExternal('http://login.example.com/authorize', issuers)).toBe(false);
    expect(mayOpenExternal('https://evil.example.com/', issuers)).toBe(false);
    expect(mayOpenExternal('https://user:pw@login.example.com/', issuers)).toBe(false);
    expect(mayOpenExternal('file:///etc/passwd', issuers)).toBe(false);
    expect(mayOpenExternal('https://login.example.com/', [])).toBe(false);
  });
});

describe('describeWebAuthnAccount', () => {
  it('names a passkey by its account, for the chooser', () => {
    expect(describeWebAuthnAccount({ credentialId: 'abc', name: 'ada@example.com', displayName: 'Ada' })).toBe('Ada (ada@example.com)');
    expect(describeWebAuthnAccount({ credentialId: 'abc', name: 'ada@example.com' })).toBe('ada@example.com');
    expect(describeWebAuthnAccount({ credentialId: 'abcdefghijk' })).toBe('Passkey abcdefgh');
  });
});

describe('mayDownload (issue 8, finding 11)', () => {
  it.each([
    ['blob:http://gatehouse.localhost/6b0c1f6e-1c1d-4f38-9a0e-2f7f8d4f1a10', true],
    ['blob:http://evil.localhost/6b0c1f6e', false],
    ['blob:http://gatehouse.localhost.evil.com/x', false],
    ['http://gatehouse.localhost/recovery-codes.txt', false],
    ['https://example.com/installer.exe', false],
    ['data:text/plain,hello', false],
  ])('%s → %s', (url, allowed) => {
    expect(mayDownload(url)).toBe(allowed);
  });
});

describe('storeSettings (issue 8, finding 11)', () => {
  const env = { GATEHOUSE_DATA_DIR: '/elsewhere', GATEHOUSE_KEYCHAIN: 'file' };
  const userData = '/home/ada/.config/Gatehouse';

  it('a packaged app ignores the environment', () => {
    expect(storeSettings({ isPackaged: true, argv: ['/opt/Gatehouse/gatehouse'], env, userData })).toEqual({ dataDir: userData, keychain: 'os' });
  });

  it(`a packaged app reads it when started with ${USE_ENVIRONMENT_SWITCH}`, () => {
    expect(storeSettings({ isPackaged: true, argv: ['/opt/Gatehouse/gatehouse', USE_ENVIRONMENT_SWITCH], env, userData })).toEqual({ dataDir: '/elsewhere', keychain: 'file' });
  });

  it('a development build reads it, and refuses a keychain it does not know', () => {
    expect(storeSettings({ isPackaged: false, argv: [], env, userData })).toEqual({ dataDir: '/elsewhere', keychain: 'file' });
    expect(() => storeSettings({ isPackaged: false, argv: [], env: { GATEHOUSE_KEYCHAIN: 'memory' }, userData })).toThrow(/must be os or file, not "memory"/);
  });
});
