// `npm run preview`: the app's main-process services under plain Node, served to a browser over
// the loopback HTTP transport at http://gatehouse.localhost:PORT. For development and the
// end-to-end tests; the packaged app never contains or starts this.
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { appOrigin } from '../shared/origin.js';
import { isGatehouseError } from './common/errors.js';
import { systemClock, type Clock } from './common/ports.js';
import { createAppServices, createProblemServices, custodyFor, kitRecoveryFor } from './ipc/app-services.js';
import type { OpenGatehouse } from './open-gatehouse.js';
import { startHttpTransport } from './ipc/http-transport.js';
import { aboutGatehouse } from './ipc/about.js';
import { openGatehouseForApp } from './open-gatehouse.js';
import { createKeychain } from './secrets/create-keychain.js';
import { USER_KEYCHAIN_BACKENDS, type KeychainBackend } from './secrets/keychain.js';

/** Real time plus an offset the tests may move forward (--dangerously-enable-test-hooks only). */
class AdjustableClock implements Clock {
  private offset = 0;
  now(): number {
    return systemClock.now() + this.offset;
  }
  advance(ms: number): void {
    this.offset += ms;
  }
}

export async function runPreview(argv: string[], root: string): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '0' },
      'data-dir': { type: 'string' },
      keychain: { type: 'string' },
      // Moves main's clock and locks the session on request: defeats throttles and expiries. Tests only.
      'dangerously-enable-test-hooks': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port takes a port number, not "${values.port}"`);
  const dataDir = resolve(values['data-dir'] ?? process.env.GATEHOUSE_DATA_DIR ?? resolve(root, '.preview-data'));
  const backend = values.keychain ?? process.env.GATEHOUSE_KEYCHAIN ?? 'os';
  if (!(USER_KEYCHAIN_BACKENDS as readonly string[]).includes(backend)) throw new Error(`--keychain takes os or file, not "${backend}"`);

  const clock = new AdjustableClock();
  // The port is known once the server listens; WebAuthn's expected origin follows it.
  let origin = appOrigin(port);
  const location = { dataDir, keychain: createKeychain(backend as KeychainBackend, dataDir, (m) => console.warn(m)), warn: (m: string) => console.warn(m) };
  const opened = await openGatehouseForApp(location, { clock, origin: () => origin });
  let store = 'problem' in opened ? null : opened.store;
  if ('problem' in opened) console.warn(`gatehouse: the store cannot be used: ${opened.problem.message}`);
  // Preview has no system browser of its own: it prints the page to open, and keeps it for the
  // end-to-end tests (a Playwright page plays the browser) when the test hooks are on.
  const openedPages: string[] = [];
  const openInBrowser = async (url: string) => {
    openedPages.push(url);
    console.log(`gatehouse: open this page in your browser to sign in: ${url}`);
  };
  // A browser tab has no screen lock to hear of: the preview says so in About Gatehouse.
  const about = aboutGatehouse(dataDir, () => 'not_detected');
  const appServices = (o: OpenGatehouse) => {
    store = o.store;
    return createAppServices(o.core, clock, undefined, openInBrowser, custodyFor(location, clock, o.store), about);
  };
  // A store whose key is lost, with an emergency kit beside it, becomes the app once access is restored.
  const services = 'problem' in opened ? createProblemServices(opened.problem, clock, kitRecoveryFor(location, { clock, origin: () => origin }, appServices)) : appServices(opened);
  const { dispatch } = services;
  const testHooks = values['dangerously-enable-test-hooks']
    ? {
        '/__dangerous_test_hook/advance-clock': async (body: unknown) => clock.advance(Number((body as { ms?: number }).ms ?? 0)),
        '/__dangerous_test_hook/lock-screen': async () => services.sessions.lock(),
        '/__dangerous_test_hook/opened-pages': async () => openedPages,
      }
    : undefined;
  if (testHooks) {
    console.warn('gatehouse: DANGER: test hooks are on. The clock can be moved forward on request, which ends throttles, blocks and expiries early. For automated tests only.');
  }
  const server = await startHttpTransport({
    port,
    rendererDir: resolve(root, 'out/renderer'),
    bridgeDir: resolve(root, 'out/bridge'),
    dispatch,
    extraRoutes: testHooks,
    initialStatus: async () => {
      const status = await dispatch('app.status', {});
      return status.ok ? status.value : undefined;
    },
  });
  origin = appOrigin(server.port);
  console.log(`Gatehouse preview: ${server.url}  (data: ${dataDir})`);

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await server.close();
    store?.close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

export function describeStartError(error: unknown): string {
  return isGatehouseError(error) ? error.message : ((error as Error)?.message ?? String(error));
}
