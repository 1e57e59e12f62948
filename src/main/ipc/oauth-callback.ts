import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How long the browser has to come back before the listener gives up (the flow's own lifetime). */
export const CALLBACK_TIMEOUT_MS = 5 * 60_000;

export interface CallbackListener {
  /** `http://127.0.0.1:<port>/callback`: what the authorization request names as its redirect URI. */
  redirectUri: string;
  /** The `state` of the request built with this redirect URI: until it is set, every request is refused. */
  expectState(state: string): void;
  /** The one callback whose `state` matched, as the browser asked for it; rejects on timeout or close. */
  callback: Promise<URL>;
  /** Stops listening at once (cancel); the promise rejects with `CallbackClosed`. */
  close(): void;
}

export class CallbackClosed extends Error {
  constructor(readonly reason: 'cancelled' | 'timeout') {
    super(reason === 'timeout' ? 'The browser did not come back in time.' : 'Cancelled.');
  }
}

/** What the browser shows once it came back: no code, no token, no script, nothing to copy. */
const DONE_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Gatehouse</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; max-width: 32rem; margin: 4rem auto; padding: 0 1rem">
<h1>You can return to Gatehouse</h1><p>Gatehouse has what it needs. Close this tab and go back to the app.</p></body></html>`;

const HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
};

function answer(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { ...HEADERS, connection: 'close' });
  res.end(body);
}

/**
 * RFC 8252 §7.3: a one-shot listener on the loopback interface, on a port the OS picks. It takes
 * exactly one request: a GET of /callback whose `state` is the one this sign-in sent. Anything
 * else is refused and does not end the wait; after the one, the listener is gone.
 */
export async function listenForCallback(timeoutMs = CALLBACK_TIMEOUT_MS): Promise<CallbackListener> {
  let expectedState: string | null = null;
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const redirectUri = `http://127.0.0.1:${port}/callback`;
  let settle: { resolve: (url: URL) => void; reject: (error: Error) => void };
  const callback = new Promise<URL>((resolve, reject) => (settle = { resolve, reject }));
  callback.catch(() => undefined); // a caller who stopped waiting must not crash the process
  let done = false;
  const finish = (outcome: () => void) => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    server.close();
    server.closeAllConnections();
    outcome();
  };
  const timer = setTimeout(() => finish(() => settle.reject(new CallbackClosed('timeout'))), timeoutMs);
  timer.unref?.();

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', redirectUri);
    if (done || req.method !== 'GET' || url.pathname !== '/callback') return answer(res, 404, 'Not found.');
    if (expectedState === null || url.searchParams.get('state') !== expectedState) return answer(res, 400, 'This is not the sign-in Gatehouse is waiting for.');
    answer(res, 200, DONE_PAGE);
    finish(() => settle.resolve(url));
  });
  return {
    redirectUri,
    expectState: (state) => {
      expectedState ??= state;
    },
    callback,
    close: () => finish(() => settle.reject(new CallbackClosed('cancelled'))),
  };
}
