import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { APP_HOST, appOrigin, escapeUnsafeText } from '../../shared/index.js';
import type { Dispatch } from './dispatch.js';
import { readRendererFile, withInitialStatus, SECURITY_HEADERS } from './renderer-files.js';

/**
 * The loopback HTTP transport, for `npm run preview` and the end-to-end tests (never in a
 * packaged app). It serves the built renderer and the same handler table as Electron IPC at
 * http://gatehouse.localhost:PORT, listening on 127.0.0.1 only. Every request must name that
 * host (DNS rebinding); every call must come from that origin and carry the per-launch token,
 * which is handed to the app's own page only.
 */
export interface HttpTransportOptions {
  port: number;
  rendererDir: string;
  /** The folder of `gatehouse-bridge.js`, the script that builds `window.gatehouse` over this transport. */
  bridgeDir: string;
  /** Main's answer to `app.status`, put into the page as it is served (renderer-files.ts); none: the page asks. */
  initialStatus?: () => Promise<unknown>;
  dispatch: Dispatch;
  /** Extra POST routes (test hooks), reached with the same token and origin checks. */
  extraRoutes?: Record<string, (body: unknown) => Promise<unknown>>;
  /** Where refused requests are logged, one line each; standard error by default. */
  log?: (line: string) => void;
}

export interface HttpTransport {
  url: string;
  /** The address the socket is bound to, as the OS reports it. */
  address: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export const TOKEN_HEADER = 'x-gatehouse-token';
export const BRIDGE_PATH = '/gatehouse-bridge.js';
const MAX_BODY_BYTES = 64 * 1024;

function send(res: ServerResponse, status: number, body: string | Buffer, contentType: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': contentType, 'Cache-Control': 'no-store', ...extra });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, JSON.stringify(value), 'application/json; charset=utf-8');
}

function refuse(res: ServerResponse, status: number, message: string, code: 'forbidden' | 'invalid_input' = 'forbidden'): void {
  sendJson(res, status, { ok: false, error: { code, message } });
}

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The token check, in constant time: the time it takes says nothing about how much of a guess
 * was right. (Only its length can show, and every token has the same length.)
 */
export function sameToken(given: string | string[] | undefined, token: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function decodePath(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null; // "%ZZ": not a channel name, and not worth a 500
  }
}

/**
 * Hands the token and the bridge to the app's own page, ahead of the app's module script:
 * deferred, so it does not hold up the page, and still run before the app's module (deferred
 * and module scripts run in the order they appear).
 */
function withBridge(indexHtml: string, token: string): string {
  const tags = `<meta name="gatehouse-token" content="${token}"><script defer src="${BRIDGE_PATH}"></script>`;
  return indexHtml.replace('</title>', `</title>${tags}`);
}

export async function startHttpTransport(options: HttpTransportOptions): Promise<HttpTransport> {
  const token = randomBytes(32).toString('base64url');
  let origin = '';
  let host = '';

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.headers.host !== host) return refuse(res, 421, `This server answers only to ${host}.`);
    const path = (req.url ?? '/').split('?')[0]!;
    if (req.method === 'GET' || req.method === 'HEAD') {
      if (path === BRIDGE_PATH) {
        const file = await readRendererFile(options.bridgeDir, BRIDGE_PATH);
        return file ? send(res, 200, file.body, file.contentType) : send(res, 404, 'Not found', 'text/plain');
      }
      const file = await readRendererFile(options.rendererDir, path === '/index.html' ? '/' : path);
      if (!file) return send(res, 404, 'Not found', 'text/plain; charset=utf-8');
      if (file.contentType.startsWith('text/html')) {
        const page = withBridge(file.body.toString('utf8'), token);
        return send(res, 200, options.initialStatus ? withInitialStatus(page, await options.initialStatus()) : page, file.contentType);
      }
      return send(res, 200, file.body, file.contentType, { 'Cache-Control': 'max-age=3600' });
    }
    if (req.method !== 'POST') return send(res, 405, 'Method not allowed', 'text/plain', { Allow: 'GET, HEAD, POST' });
    if (req.headers.origin !== origin) return refuse(res, 403, 'Requests must come from the Gatehouse app.');
    if (!sameToken(req.headers[TOKEN_HEADER], token)) return refuse(res, 403, 'Missing or wrong app token.');
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return refuse(res, 415, 'Send JSON.', 'invalid_input');
    const text = await readBody(req);
    if (text === null) return refuse(res, 413, 'The request is too large.', 'invalid_input');
    let body: unknown;
    try {
      body = text === '' ? {} : JSON.parse(text);
    } catch {
      return sendJson(res, 400, { ok: false, error: { code: 'invalid_input', message: 'The request is not valid JSON.' } });
    }
    if (path.startsWith('/ipc/')) {
      const channel = decodePath(path.slice(5));
      if (channel === null) return sendJson(res, 400, { ok: false, error: { code: 'invalid_input', message: 'The request path is not valid.' } });
      return sendJson(res, 200, await options.dispatch(channel, body));
    }
    const extra = options.extraRoutes?.[path];
    if (extra) return sendJson(res, 200, { ok: true, value: (await extra(body)) ?? null });
    return sendJson(res, 404, { ok: false, error: { code: 'not_found', message: 'No such route.' } });
  };

  const log = options.log ?? ((line: string) => console.error(line));
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // One line per refused request: a client that hangs up mid-body is not worth a stack trace.
      const code = (error as { code?: string } | null | undefined)?.code;
      log(`gatehouse: http ${req.method} ${escapeUnsafeText((req.url ?? '').slice(0, 80))} refused: ${escapeUnsafeText(code ?? (error as Error)?.message ?? String(error))}`);
      if (!res.headersSent && !res.destroyed) sendJson(res, 500, { ok: false, error: { code: 'internal', message: 'Something went wrong in Gatehouse.' } });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  origin = appOrigin(port);
  host = `${APP_HOST}:${port}`;
  return {
    url: `${origin}/`,
    address,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
