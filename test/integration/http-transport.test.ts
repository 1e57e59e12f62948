// The preview's loopback transport, answer by answer: statuses, headers, bodies and the words
// of each refusal, for the page, its files and the IPC route. Its dispatcher here only echoes
// (the contract tests run the real one); the transport itself is real, on a real socket.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BRIDGE_PATH, startHttpTransport, TOKEN_HEADER, type HttpTransport } from '../../src/main/ipc/http-transport.js';
import { CONTENT_SECURITY_POLICY } from '../../src/main/ipc/renderer-files.js';
import { httpRequest, type Reply } from '../support/http.js';

let server: HttpTransport;
const logged: string[] = [];
const dispatched: [string, unknown][] = [];

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-http-'));
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
  return dir;
}

beforeAll(async () => {
  // A file beside the renderer folder, which no path may reach.
  const outside = folder({ 'secret.json': '{"secret":true}' });
  const rendererDir = join(outside, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'evil\\name.js'), 'backslash');
  for (const [name, body] of Object.entries({
    'index.html': '<!doctype html><html><head><title>Gatehouse</title><script type="module" src="/app.js"></script></head><body></body></html>',
    'app.js': 'console.log(1)',
    'app.css': 'body{}',
    'logo.svg': '<svg/>',
    'icon.png': 'png',
    'favicon.ico': 'ico',
    'font.woff2': 'woff2',
    'data.json': '{}',
    'notes.txt': 'plain',
  }))
    writeFileSync(join(rendererDir, name), body);
  const bridgeDir = folder({ [BRIDGE_PATH.slice(1)]: 'window.bridge = 1' });
  server = await startHttpTransport({
    port: 0,
    rendererDir,
    bridgeDir,
    dispatch: async (channel, payload) => (dispatched.push([channel, payload]), { ok: true, value: { echo: channel } }),
    extraRoutes: {
      '/test/answer': async (body) => ({ got: body }),
      '/test/nothing': async () => undefined,
      '/test/throws': async () => {
        throw new Error('a hook failed');
      },
      '/test/throws-code': async () => {
        throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
      },
      '/test/throws-nothing': async () => {
        throw null;
      },
    },
    log: (line) => logged.push(line),
    // A status whose text tries to end the data block and run a script of its own.
    initialStatus: async () => ({ needsSetup: false, storeProblem: { code: 'store_missing', message: "in /home/</script><script>alert(1)</script> & \u2028 $` $& $'" } }),
  });
});
afterAll(async () => {
  await server.close();
});

function http(
  method: string,
  path: string,
  options: { host?: string; origin?: string | null; token?: string | null; body?: string; contentType?: string | null } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { host: options.host ?? `gatehouse.localhost:${server.port}` };
  if (options.origin !== null) headers.origin = options.origin ?? `http://gatehouse.localhost:${server.port}`;
  if (options.token !== null) headers[TOKEN_HEADER] = options.token ?? server.token;
  if (options.body !== undefined && options.contentType !== null) headers['content-type'] = options.contentType ?? 'application/json';
  return httpRequest(server.port, method, path, headers, options.body);
}
const post = (path: string, body = '{}', options: Parameters<typeof http>[2] = {}) => http('POST', path, { body, ...options });
const json = (reply: Reply) => [reply.status, JSON.parse(reply.body)] as const;

describe('the page and its files', () => {
  it('serves the page at / and /index.html with the token and the bridge before the app script, and every security header', async () => {
    for (const path of ['/', '/index.html', '/?next=1']) {
      const page = await http('GET', path);
      expect(page.status).toBe(200);
      expect(page.body).toBe(
        `<!doctype html><html><head><title>Gatehouse</title><meta name="gatehouse-token" content="${server.token}"><script defer src="/gatehouse-bridge.js"></script><script type="module" src="/app.js"></script>` +
          `<script type="application/json" id="gatehouse-status">{"needsSetup":false,"storeProblem":{"code":"store_missing","message":"in /home/\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e \\u0026 \\u2028 $\` $\\u0026 $'"}}</script></head><body></body></html>`,
      );
      expect(page.headers).toMatchObject({
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy':
          "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'",
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-resource-policy': 'same-origin',
        'x-frame-options': 'DENY',
      });
      expect(page.headers['cache-control']).toBe('no-store');
    }
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe|\*/);
    // The data block reads back as the status, its text whole.
    const block = /<script type="application\/json" id="gatehouse-status">(.*?)<\/script>/.exec((await http('GET', '/')).body)![1]!;
    expect(JSON.parse(block)).toEqual({ needsSetup: false, storeProblem: { code: 'store_missing', message: "in /home/</script><script>alert(1)</script> & \u2028 $` $& $'" } });
  });

  it('answers a missing bridge with a plain 404', async () => {
    const bare = await startHttpTransport({
      port: 0,
      rendererDir: folder({ 'index.html': '<title>x</title>' }),
      bridgeDir: folder({}),
      dispatch: async () => ({ ok: true, value: null }),
    });
    try {
      const reply = await httpRequest(bare.port, 'GET', BRIDGE_PATH, { host: `gatehouse.localhost:${bare.port}` });
      expect([reply.status, reply.body, reply.headers['content-type']]).toEqual([404, 'Not found', 'text/plain']);
    } finally {
      await bare.close();
    }
  });

  it('serves the bridge from its own folder', async () => {
    const bridge = await http('GET', BRIDGE_PATH);
    expect([bridge.status, bridge.body, bridge.headers['content-type']]).toEqual([200, 'window.bridge = 1', 'text/javascript; charset=utf-8']);
  });

  it.each([
    ['/app.js', 'text/javascript; charset=utf-8'],
    ['/app.css', 'text/css; charset=utf-8'],
    ['/logo.svg', 'image/svg+xml'],
    ['/icon.png', 'image/png'],
    ['/favicon.ico', 'image/x-icon'],
    ['/font.woff2', 'font/woff2'],
    ['/data.json', 'application/json'],
  ])('serves %s as %s, cached for an hour, with the security headers', async (path, type) => {
    const file = await http('GET', path);
    expect(file.status).toBe(200);
    expect(file.headers).toMatchObject({
      'content-type': type,
      'cache-control': 'max-age=3600',
      'x-content-type-options': 'nosniff',
      'content-security-policy': CONTENT_SECURITY_POLICY,
    });
  });

  it.each([
    '/notes.txt',
    '/missing.js',
    '/../secret.json',
    '/%2e%2e/secret.json',
    '/evil%5Cname.js',
    '/..%5c..%5cetc%5cpasswd',
    '/app.js%00',
    '/%E0%A4%A',
    `/..${BRIDGE_PATH}`,
    '/../index.html',
  ])('answers %s with a plain 404 (missing, an unknown type, or outside the folder)', async (path) => {
    const missing = await http('GET', path);
    expect([missing.status, missing.body, missing.headers['content-type']]).toEqual([404, 'Not found', 'text/plain; charset=utf-8']);
  });

  it('answers only GET, HEAD and POST', async () => {
    for (const method of ['PUT', 'DELETE', 'OPTIONS', 'PATCH']) {
      const reply = await http(method, '/ipc/app.status');
      expect([reply.status, reply.body, reply.headers.allow, reply.headers['content-type']]).toEqual([405, 'Method not allowed', 'GET, HEAD, POST', 'text/plain']);
    }
    expect((await http('HEAD', '/')).status).toBe(200);
  });
});

describe('refusals, in words', () => {
  it('names its own host to any other', async () => {
    const reply = await http('GET', '/', { host: 'evil.example' });
    expect(json(reply)).toEqual([421, { ok: false, error: { code: 'forbidden', message: `This server answers only to gatehouse.localhost:${server.port}.` } }]);
  });

  it('says why a call is refused: origin, token, type, size, JSON, path', async () => {
    expect(json(await post('/ipc/app.status', '{}', { origin: 'http://evil.example' }))).toEqual([
      403,
      { ok: false, error: { code: 'forbidden', message: 'Requests must come from the Gatehouse app.' } },
    ]);
    expect(json(await post('/ipc/app.status', '{}', { origin: null }))).toEqual([
      403,
      { ok: false, error: { code: 'forbidden', message: 'Requests must come from the Gatehouse app.' } },
    ]);
    expect(json(await post('/ipc/app.status', '{}', { token: 'nope' }))).toEqual([403, { ok: false, error: { code: 'forbidden', message: 'Missing or wrong app token.' } }]);
    expect(json(await post('/ipc/app.status', '{}', { contentType: 'text/plain' }))).toEqual([415, { ok: false, error: { code: 'invalid_input', message: 'Send JSON.' } }]);
    expect(json(await post('/ipc/app.status', '{}', { contentType: null }))).toEqual([415, { ok: false, error: { code: 'invalid_input', message: 'Send JSON.' } }]);
    expect(json(await post('/ipc/app.status', JSON.stringify({ pad: 'x'.repeat(70_000) })))).toEqual([
      413,
      { ok: false, error: { code: 'invalid_input', message: 'The request is too large.' } },
    ]);
    expect(json(await post('/ipc/app.status', '{oops'))).toEqual([400, { ok: false, error: { code: 'invalid_input', message: 'The request is not valid JSON.' } }]);
    expect(json(await post('/ipc/%ZZ'))).toEqual([400, { ok: false, error: { code: 'invalid_input', message: 'The request path is not valid.' } }]);
    expect(json(await post('/nowhere'))).toEqual([404, { ok: false, error: { code: 'not_found', message: 'No such route.' } }]);
  });
});

describe('calls', () => {
  it('hands the channel and the parsed body to the dispatcher, an empty body as {}', async () => {
    dispatched.length = 0;
    expect(json(await post('/ipc/auth.signIn', '{"email":"a@b.co"}'))).toEqual([200, { ok: true, value: { echo: 'auth.signIn' } }]);
    expect(json(await post('/ipc/app%2Estatus', ''))).toEqual([200, { ok: true, value: { echo: 'app.status' } }]);
    expect(json(await post('/ipc/session.get?x=1', '{}'))).toEqual([200, { ok: true, value: { echo: 'session.get' } }]);
    expect(dispatched).toEqual([
      ['auth.signIn', { email: 'a@b.co' }],
      ['app.status', {}],
      ['session.get', {}],
    ]);
  });

  it('answers the extra routes with what they return, or null', async () => {
    expect(json(await post('/test/answer', '{"n":1}'))).toEqual([200, { ok: true, value: { got: { n: 1 } } }]);
    expect(json(await post('/test/nothing'))).toEqual([200, { ok: true, value: null }]);
  });

  it('turns a failure it did not expect into a 500 with no detail, and one escaped log line', async () => {
    logged.length = 0;
    expect(json(await post('/test/throws'))).toEqual([500, { ok: false, error: { code: 'internal', message: 'Something went wrong in Gatehouse.' } }]);
    expect(json(await post('/test/throws-code'))).toEqual([500, { ok: false, error: { code: 'internal', message: 'Something went wrong in Gatehouse.' } }]);
    expect(json(await post('/test/throws-nothing'))).toEqual([500, { ok: false, error: { code: 'internal', message: 'Something went wrong in Gatehouse.' } }]);
    expect(logged).toEqual([
      'gatehouse: http POST /test/throws refused: a hook failed',
      'gatehouse: http POST /test/throws-code refused: ECONNRESET',
      'gatehouse: http POST /test/throws-nothing refused: null',
    ]);
  });
});
