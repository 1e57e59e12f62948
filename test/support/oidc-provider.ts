import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface TestIdentity {
  sub: string;
  email: string;
  emailVerified?: boolean;
  name?: string;
}

export interface RunningProvider {
  issuer: string;
  clientId: string;
  provider: Provider;
  /** Stops answering; `start()` answers again on the same port (a provider that was down). */
  stop(): Promise<void>;
  start(): Promise<void>;
}

/**
 * A real OpenID Connect provider (oidc-provider 9) on 127.0.0.1, for the tests: one native
 * public client that may redirect to any loopback port, PKCE required, and the identities given.
 */
export async function startOidcProvider(identities: TestIdentity[] = [], clientId = 'gatehouse-test'): Promise<RunningProvider> {
  let server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;
  const byId = new Map(identities.map((i) => [i.sub, i]));
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        redirect_uris: ['http://127.0.0.1/callback'],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    pkce: { required: () => true },
    // Lifetimes said outright (the defaults print a notice each); short, as a test needs.
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    findAccount: async (_ctx, sub) => {
      const identity = byId.get(sub);
      if (!identity) return undefined;
      return {
        accountId: sub,
        claims: async () => ({ sub, email: identity.email, email_verified: identity.emailVerified ?? true, ...(identity.name ? { name: identity.name } : {}) }),
      };
    },
  });
  const handler = provider.callback();
  server.on('request', handler);
  return {
    issuer,
    clientId,
    provider,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
    start: async () => {
      server = createServer(handler);
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    },
  };
}

export interface BrowserChoice {
  /** Who signs in at the provider (their `sub`). */
  login: string;
  /** Refuse at the consent step instead of allowing (the provider answers access_denied). */
  deny?: boolean;
}

/**
 * Plays the system browser at the test provider: follows redirects with its own cookies, signs
 * in as `login` on the provider's development pages, consents (or refuses), and returns the URL
 * the provider sent it back to, without calling it: the test decides who receives it.
 */
export async function actAtProvider(authorizationUrl: string, choice: BrowserChoice): Promise<URL> {
  const cookies = new Map<string, string>();
  const send = async (url: URL, init: RequestInit = {}): Promise<Response> => {
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      cookies.set(pair!.slice(0, at).trim(), pair!.slice(at + 1).trim());
    }
    return response;
  };
  let url = new URL(authorizationUrl);
  for (let hop = 0; hop < 20; hop++) {
    if (url.hostname === '127.0.0.1' && url.pathname === '/callback') return url;
    let response = await send(url);
    const uid = /\/interaction\/([^/?]+)$/.exec(url.pathname)?.[1];
    if (uid && response.status === 200) {
      const html = await response.text();
      const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1] ?? (html.includes('name="login"') ? 'login' : 'consent');
      if (prompt === 'consent' && choice.deny) response = await send(new URL(`/interaction/${uid}/abort`, url));
      else {
        const body = new URLSearchParams(prompt === 'login' ? { prompt, login: choice.login, password: 'any' } : { prompt });
        response = await send(url, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      }
    }
    const location = response.headers.get('location');
    if (!location) throw new Error(`the provider stopped at ${url.pathname} with ${response.status}: ${(await response.text()).slice(0, 300)}`);
    url = new URL(location, url);
  }
  throw new Error('too many redirects at the provider');
}
