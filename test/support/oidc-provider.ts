import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface TestIdentity {
  sub: string;
  email: string;
  emailVerified?: boolean;
  name?: string;
  /** How the provider says it signed this person in (its `amr` claim). */
  amr?: string[];
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
        // auth_time in every ID token, as many providers do, whether or not max_age was asked.
        require_auth_time: true,
      },
    ],
    // `amr` with `openid`: said in every ID token when the login recorded one.
    claims: { openid: ['sub', 'amr'], email: ['email', 'email_verified'], profile: ['name'] },
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
  // The development login pages say nothing of the method: record the identity's `amr` with the login.
  const finish = provider.interactionFinished.bind(provider);
  provider.interactionFinished = (req, res, result, options) => {
    const login = result.login as { accountId: string } | undefined;
    const amr = login && byId.get(login.accountId)?.amr;
    return finish(req, res, amr ? { ...result, login: { ...login, amr } } : result, options);
  };
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
  /** The browser's cookies, kept from one visit to the next: the provider then remembers the person (its own session). */
  cookies?: Map<string, string>;
}

/**
 * Plays the system browser at the test provider: follows redirects with its own cookies, signs
 * in as `login` on the provider's development pages, consents (or refuses), and returns the URL
 * the provider sent it back to, without calling it: the test decides who receives it.
 */
export async function actAtProvider(authorizationUrl: string, choice: BrowserChoice): Promise<URL> {
  const cookies = choice.cookies ?? new Map<string, string>();
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
    let location = response.headers.get('location');
    if (!location && response.status === 200 && !response.bodyUsed) {
      // A page that submits itself (the provider ending one person's session before another signs in): as a browser would.
      const html = await response.text();
      const form = /<form method="post" action="([^"]+)">/.exec(html);
      if (!form) throw new Error(`the provider stopped at ${url.pathname} with a page: ${html.slice(0, 300)}`);
      const fields = new URLSearchParams([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/>/g)].map((m): [string, string] => [m[1]!, m[2]!]));
      url = new URL(form[1]!, url);
      if (url.hostname === '127.0.0.1' && url.pathname === '/callback') throw new Error('the provider answered with a form post; Gatehouse asks for a query response');
      response = await send(url, { method: 'POST', body: fields, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      location = response.headers.get('location');
    }
    if (!location) throw new Error(`the provider stopped at ${url.pathname} with ${response.status}: ${(await response.text()).slice(0, 300)}`);
    url = new URL(location, url);
  }
  throw new Error('too many redirects at the provider');
}

export interface TokenTamperer {
  /** Where the app must be sent instead of the provider's token endpoint. */
  url: string;
  close(): Promise<void>;
}

/**
 * Someone between the app and the provider's token endpoint: forwards each request to the real
 * endpoint and changes the ID token on its way back, to show what the app does with a token it
 * cannot trust.
 */
export async function startTokenTamperer(tokenEndpoint: string, tamper: (idToken: string) => string): Promise<TokenTamperer> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: Record<string, string> = { 'content-type': String(req.headers['content-type']) };
      if (req.headers.authorization) headers.authorization = req.headers.authorization;
      void fetch(tokenEndpoint, { method: 'POST', headers, body: Buffer.concat(chunks) })
        .then(async (answer) => {
          const body = (await answer.json()) as { id_token?: string };
          if (typeof body.id_token === 'string') body.id_token = tamper(body.id_token);
          res.writeHead(answer.status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
          res.end(JSON.stringify(body));
        })
        .catch(() => res.writeHead(502).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/token`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A JWT with its payload changed and its signature kept (so it no longer matches). */
export function withClaims(jwt: string, change: Record<string, unknown>): string {
  const [header, payload, signature] = jwt.split('.') as [string, string, string];
  const claims = { ...(JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>), ...change };
  return `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
}
