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
