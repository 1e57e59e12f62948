/**
 * How soon the app is there. Preview start: `npm run preview -- --no-build` on a store that
 * exists, until it prints its address, against a bare Node HTTP server doing the same. The page:
 * Chromium opens the app (the sign-in form) and, in the same rounds, a bare React page with a
 * form built by the same Vite and served by a plain Node server, with the app's security headers
 * and without them; the figures are the first paint and the moment the email field is in the
 * page, each from navigation start. The floor of the targets is the bare page with the app's
 * headers: Cross-Origin-Opener-Policy alone makes any page about 1.3× later in Chromium (the page moves
 * to a browsing context group of its own), a price of the policy, not of the app (docs/benchmarks.md).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium } from '@playwright/test';
import react from '@vitejs/plugin-react';
import { build } from 'vite';
import { CHROMIUM_LAUNCH } from '../../playwright.config.js';
import { SECURITY_HEADERS } from '../../src/main/ipc/renderer-files.js';
import { interleave, ratios, stats, type Row, type Section } from '../lib.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BARE_SERVER = `const s = require('node:http').createServer((q, r) => r.end('ok')).listen(0, '127.0.0.1', () => console.log('http://127.0.0.1:' + s.address().port + '/'));`;

/** Starts a process and resolves with it and the first URL it prints. */
function startUntilUrl(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /(http:\/\/[^\s]+)/.exec(out)?.[1];
      if (url) resolve({ child, url });
    });
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited (${code}) before printing its address: ${out}`)));
  });
}

const stop = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

function serveFolder(dir: string, headers: Record<string, string> = {}): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = normalize(join(dir, (req.url ?? '/') === '/' ? 'index.html' : (req.url ?? '/').split('?')[0]!));
    let body: Buffer;
    try {
      body = readFileSync(path);
    } catch {
      return void res.writeHead(404).end();
    }
    res.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/` })));
}

/** In the page, from navigation start: the first paint, and when the email field is there. */
const WATCH = `(() => {
  new PerformanceObserver((list) => { for (const e of list.getEntries()) if (e.name === 'first-contentful-paint') window.__firstPaint = e.startTime; }).observe({ type: 'paint', buffered: true });
  const done = () => { window.__formReady = performance.now(); };
  const seen = () => document.querySelector('input[type="email"]');
  if (seen()) return done();
  new MutationObserver((_, observer) => { if (seen()) { observer.disconnect(); done(); } }).observe(document, { childList: true, subtree: true });
})();`;

export async function rendererSuite(quick: boolean): Promise<Section> {
  const work = mkdtempSync(join(tmpdir(), 'gatehouse-bench-renderer-'));
  const dataDir = join(work, 'data');
  const env = { GATEHOUSE_DATA_DIR: dataDir, GATEHOUSE_KEYCHAIN: 'file' };
  const children: ChildProcess[] = [];
  try {
    spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-cli.js')]);
    spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'ignore' });
    spawnSync(process.execPath, [join(ROOT, 'bin', 'gatehouse.js'), 'init'], { env: { ...process.env, ...env } });
    spawnSync(process.execPath, [join(ROOT, 'bin', 'gatehouse.js'), 'users', 'add', '--email', 'ada@example.com', '--password-stdin'], {
      env: { ...process.env, ...env },
      input: 'a passphrase for the benchmarks\n',
    });
    const previewArgs = [join(ROOT, 'scripts', 'preview.js'), '--no-build', '--port', '0', '--data-dir', dataDir, '--keychain', 'file'];
    const rounds = quick ? 2 : 25;

    // Start-up, each started and stopped in turn.
    const start = await interleave(
      {
        'bare Node HTTP server': async () => stop((await startUntilUrl(['-e', BARE_SERVER])).child),
        'npm run preview -- --no-build': async () => stop((await startUntilUrl(previewArgs)).child),
      },
      rounds,
    );

    // The page.
    const bareOut = join(work, 'bare');
    await build({ root: join(ROOT, 'bench', 'bare-react'), plugins: [react()], logLevel: 'silent', build: { outDir: bareOut, emptyOutDir: true, minify: true } });
    const bare = await serveFolder(bareOut);
    const bareWithHeaders = await serveFolder(bareOut, SECURITY_HEADERS);
    const preview = await startUntilUrl(previewArgs);
    children.push(preview.child);
    const browser = await chromium.launch(CHROMIUM_LAUNCH);
    const pageTimes: Record<string, { paint: number[]; ready: number[] }> = { bare: { paint: [], ready: [] }, headers: { paint: [], ready: [] }, app: { paint: [], ready: [] } };
    try {
      const open = async (name: 'bare' | 'headers' | 'app', url: string) => {
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.addInitScript(WATCH);
        await page.goto(url, { waitUntil: 'commit' });
        await page.waitForFunction(() => {
          const seen = globalThis as unknown as { __formReady?: number; __firstPaint?: number };
          return seen.__formReady !== undefined && seen.__firstPaint !== undefined;
        });
        const { ready, paint } = await page.evaluate(() => {
          const seen = globalThis as unknown as { __formReady: number; __firstPaint: number };
          return { ready: seen.__formReady, paint: seen.__firstPaint };
        });
        pageTimes[name]!.ready.push(ready);
        pageTimes[name]!.paint.push(paint);
        await context.close();
      };
      await interleave({ bare: () => open('bare', bare.url), headers: () => open('headers', bareWithHeaders.url), app: () => open('app', preview.url) }, rounds);
    } finally {
      await browser.close();
      bare.server.close();
      bareWithHeaders.server.close();
    }
    const floorStart = start['bare Node HTTP server']!;
    const FLOORS = { bare: 'bare React page, no headers', headers: "bare React page, the app's headers" };
    /** One page's moment against another's, round by round. */
    const pageRow = (figure: string, page: 'app' | 'headers', floor: 'bare' | 'headers', moment: 'paint' | 'ready', target?: number): Row => ({
      figure,
      floor: FLOORS[floor],
      floorMs: stats(pageTimes[floor]![moment]).median,
      ratio: ratios(pageTimes[page]![moment], pageTimes[floor]![moment]),
      ...(target === undefined ? {} : { target }),
    });
    return {
      title: 'Start-up and first screen',
      about:
        "The preview server until it prints its address, against a bare Node HTTP server; and, in Chromium, the sign-in form of the app served by the preview against a bare React page with a form (built by the same Vite, served by a plain Node server with the app's security headers, and without them): first contentful paint, and the moment the email field is in the page, from navigation start. Cross-Origin-Opener-Policy makes any page about 1.3× later in Chromium (it moves to a browsing context group of its own); the last row is that price on the bare page.",
      rows: [
        {
          figure: 'preview start, until its address',
          floor: 'bare Node HTTP server',
          floorMs: stats(floorStart).median,
          ratio: ratios(start['npm run preview -- --no-build']!, floorStart),
          target: 5,
        },
        pageRow('first paint of the sign-in page', 'app', 'headers', 'paint'),
        pageRow('sign-in form ready', 'app', 'headers', 'ready', 1.3),
        pageRow('sign-in form ready', 'app', 'bare', 'ready'),
        pageRow("bare React page, the app's headers: form ready", 'headers', 'bare', 'ready'),
      ],
    };
  } finally {
    for (const child of children) await stop(child);
    rmSync(work, { recursive: true, force: true });
  }
}
