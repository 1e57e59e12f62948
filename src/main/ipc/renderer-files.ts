import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { INITIAL_STATUS_ID } from '../../shared/origin.js';

/**
 * Serving the built renderer, for both the Electron protocol handler and the loopback HTTP
 * transport: the same Content-Security-Policy and headers whichever way the app is reached.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export interface RendererFile {
  body: Buffer;
  contentType: string;
}

/**
 * The file for a URL path under `root`, or null. `/` is index.html; nothing outside `root` is
 * ever read, whatever the path says (`..`, encoded slashes, absolute paths).
 */
export async function readRendererFile(root: string, urlPath: string): Promise<RendererFile | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]!.split('#')[0]!);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const path = normalize(join(root, relative));
  if (!path.startsWith(normalize(root + sep))) return null;
  const contentType = CONTENT_TYPES[extname(path)];
  if (!contentType) return null;
  try {
    return { body: await readFile(path), contentType };
  } catch {
    return null;
  }
}

/**
 * The page with main's answer to `app.status` in it, as a JSON data block (never run: the CSP
 * allows no inline script, and this is not one), so that the first screen the app draws is the
 * right one, with no "Opening…" and no round trip before it. Every `<`, `>`, `&` and line
 * separator is escaped: no text in the status (a folder's name, a person's) can end the block.
 */
export function withInitialStatus(html: string, status: unknown): string {
  // No status (main could not answer): the page asks, and shows the error it gets.
  if (status === undefined) return html;
  const json = JSON.stringify(status).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  // A function, not a string: in a replacement string `$&`, `$'` and `` $` `` would paste parts of the page.
  return html.replace('</head>', () => `<script type="application/json" id="${INITIAL_STATUS_ID}">${json}</script></head>`);
}
