import * as oidc from 'openid-client';
import { isLoopbackHost } from '../loopback.js';
import { hasUnsafeText, type ProviderDiscovery, type ProviderView } from '../../../shared/index.js';
import { GatehouseError } from '../../common/errors.js';
import { randomId } from '../../common/ports.js';
import type { ProviderRecord } from '../../store/providers.js';
import { audit } from '../audit.js';
import type { Actor, CoreContext } from '../context.js';
import { nameOrRefuse } from '../names.js';
import { waysIn } from '../accounts/ways-in.js';

export const DEFAULT_SCOPES = 'openid email profile';
/** How long discovery may take before the provider counts as unreachable: never long enough to hold up another way in. */
export const DISCOVERY_TIMEOUT_SECONDS = 5;

export interface NewProvider {
  name: string;
  issuer: string;
  clientId: string;
  /** Given only for a confidential client; native apps are public clients by default. */
  clientSecret?: string;
  scopes?: string;
  allowRegistration?: boolean;
  emailClaim?: string;
  /**
   * Allows a plain-http issuer on the loopback interface (a provider run for development or
   * tests). Anything but https is refused otherwise: tokens would cross the network in clear.
   */
  dangerouslyAllowInsecureLoopbackIssuer?: boolean;
  /** The provider's own two-step sign-in counts as a second factor here: its amr says `mfa`, or its acr is one of `mfaAcr`. */
  trustMfa?: boolean;
  mfaAcr?: string;
}

/** RFC 6749 §3.3: a scope token is printable ASCII without space, double quote or backslash. */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;
const CLAIM_NAME = /^[A-Za-z0-9_.:-]{1,64}$/;

function refuse(message: string): never {
  throw new GatehouseError('invalid_input', message);
}

/**
 * The issuer as OpenID Connect Discovery wants it: an https URL with no query or fragment, or a
 * loopback http one when allowed. Kept exactly as given: the discovery document must name the
 * same issuer, and some end in a slash.
 */
function checkIssuer(input: string, allowInsecureLoopback: boolean): string {
  const issuer = input.trim();
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return refuse(`The issuer "${input.trim().slice(0, 100)}" is not a URL.`);
  }
  if (url.username || url.password || url.search || url.hash) refuse('The issuer URL cannot carry a user name, a password, a query or a fragment.');
  if (url.protocol === 'https:') return issuer;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) {
    if (allowInsecureLoopback) return issuer;
    refuse('The issuer must be an https URL. A plain-http issuer on this machine is for development only: allow it explicitly with the insecure loopback issuer option.');
  }
  return refuse('The issuer must be an https URL.');
}

function checkScopes(input: string | undefined): string {
  const tokens = (input ?? DEFAULT_SCOPES).split(/\s+/).filter(Boolean);
  for (const token of tokens) if (!SCOPE_TOKEN.test(token)) refuse(`"${token.slice(0, 40)}" is not a valid scope.`);
  if (!tokens.includes('openid')) refuse('The scopes must include "openid": without it there is no ID token to sign in with.');
  return [...new Set(tokens)].join(' ');
}

function checkClientId(input: string): string {
  const id = input.trim();
  if (!id || id.length > 255 || hasUnsafeText(id)) refuse('Give the client id the provider issued to Gatehouse (up to 255 printable characters).');
  return id;
}

export function findProvider(ctx: CoreContext, nameInput: string): ProviderRecord {
  const name = nameInput.trim();
  const provider = ctx.store.providers.findByName(name);
  if (!provider) throw new GatehouseError('not_found', `There is no provider named "${name.slice(0, 40)}".`);
  return provider;
}

function discoveryState(p: ProviderRecord): ProviderDiscovery {
  if (p.problem !== null && p.problemAt !== null) return { state: 'unreachable', problem: p.problem, at: p.problemAt, fetchedAt: p.metadataAt };
  return p.metadataAt === null ? { state: 'unknown' } : { state: 'ok', fetchedAt: p.metadataAt };
}

export function toProviderView(ctx: CoreContext, p: ProviderRecord): ProviderView {
  return {
    name: p.name,
    issuer: p.issuer,
    clientId: p.clientId,
    hasClientSecret: p.clientSecret !== null,
    scopes: p.scopes.split(' '),
    allowRegistration: p.allowRegistration,
    emailClaim: p.emailClaim,
    insecureLoopbackIssuer: p.insecureLoopback,
    trustMfa: p.trustMfa,
    mfaAcr: p.mfaAcr,
    discovery: discoveryState(p),
    linkedIdentities: ctx.store.identities.countForProvider(p.id),
    createdAt: p.createdAt,
  };
}

/** acr values: URIs or short names, space-separated, at most 8. */
function checkAcr(text: string | undefined): string[] {
  const values = (text ?? '').trim().split(/\s+/).filter(Boolean);
  if (values.length > 8 || values.some((v) => !/^[\x21-\x7e]{1,200}$/.test(v)))
    refuse('List at most 8 acr values, separated by spaces, each without spaces or control characters.');
  return values;
}

export function addProvider(ctx: CoreContext, input: NewProvider, actor: Actor): ProviderView {
  const name = nameOrRefuse('provider', input.name);
  if (!name) refuse('Give the provider a name, as its sign-in button will show it.');
  const insecure = input.dangerouslyAllowInsecureLoopbackIssuer === true;
  const issuer = checkIssuer(input.issuer, insecure);
  const clientId = checkClientId(input.clientId);
  const secret = input.clientSecret === undefined ? null : input.clientSecret.trim();
  if (secret !== null && (secret.length === 0 || secret.length > 1024)) refuse('The client secret is empty or longer than 1024 characters.');
  const emailClaim = (input.emailClaim ?? 'email').trim();
  if (!CLAIM_NAME.test(emailClaim)) refuse(`"${emailClaim.slice(0, 64)}" is not a claim name.`);
  const record: ProviderRecord = {
    id: randomId(ctx.random),
    name,
    issuer,
    clientId,
    clientSecret: secret,
    scopes: checkScopes(input.scopes),
    allowRegistration: input.allowRegistration === true,
    emailClaim,
    insecureLoopback: insecure && issuer.startsWith('http:'),
    trustMfa: input.trustMfa === true,
    mfaAcr: checkAcr(input.mfaAcr),
    metadata: null,
    metadataAt: null,
    problem: null,
    problemAt: null,
    createdAt: ctx.clock.now(),
  };
  return ctx.store.transaction(() => {
    if (ctx.store.providers.findByName(name)) throw new GatehouseError('conflict', `There is already a provider named "${name}".`);
    ctx.store.providers.insert(record);
    const detail = `${name} ${issuer}${record.clientSecret ? ' (confidential client)' : ''}${record.insecureLoopback ? ' (insecure loopback issuer)' : ''}${record.trustMfa ? ' (its two-step sign-in trusted)' : ''}`;
    audit(ctx, actor, { action: 'provider.add', outcome: 'success', detail });
    return toProviderView(ctx, record);
  });
}

export function listProviders(ctx: CoreContext): ProviderView[] {
  return ctx.store.providers.list().map((p) => toProviderView(ctx, p));
}

/** Removes a provider; while identities are linked to it, only when told to unlink them all. */
export function removeProvider(ctx: CoreContext, name: string, options: { unlinkAll?: boolean }, actor: Actor): { unlinked: number } {
  return ctx.store.transaction(() => {
    const provider = findProvider(ctx, name);
    const linked = ctx.store.identities.countForProvider(provider.id);
    if (linked > 0 && !options.unlinkAll) {
      throw new GatehouseError('conflict', `${linked} account${linked === 1 ? ' is' : 's are'} linked to ${provider.name}: unlink them first, or remove it with every link.`);
    }
    // Unlinking all must not leave anyone locked out: an account that signs in only this way keeps the provider here.
    const stranded = ctx.store.identities.userIdsForProvider(provider.id).filter((userId) => waysIn(ctx, userId) <= 1);
    if (stranded.length > 0) {
      throw new GatehouseError(
        'conflict',
        `${stranded.length} account${stranded.length === 1 ? ' signs' : 's sign'} in only with ${provider.name}: give ${stranded.length === 1 ? 'it' : 'them'} another way in (a password or a passkey) first.`,
      );
    }
    const unlinked = ctx.store.identities.removeForProvider(provider.id);
    ctx.store.providers.remove(provider.id);
    audit(ctx, actor, { action: 'provider.remove', outcome: 'success', detail: `${provider.name}${unlinked ? `; ${unlinked} identities unlinked` : ''}` });
    return { unlinked };
  });
}

/**
 * Whether a URL is an authorization request to a configured provider's own authorization
 * endpoint, as its discovery document names it: the only page Gatehouse opens in the browser.
 */
export function isAuthorizationRequest(ctx: CoreContext, urlText: string): boolean {
  let url: URL;
  try {
    url = new URL(urlText);
  } catch {
    return false;
  }
  return ctx.store.providers.list().some((p) => {
    if (p.metadata === null) return false;
    const endpoint = (JSON.parse(p.metadata) as { authorization_endpoint?: string }).authorization_endpoint;
    if (!endpoint) return false;
    const allowed = new URL(endpoint);
    return url.origin === allowed.origin && url.pathname === allowed.pathname && (url.protocol === 'https:' || p.insecureLoopback);
  });
}

/** The system's code for a network failure (ECONNREFUSED…), wherever fetch and openid-client nested it. */
export function networkCode(error: unknown): string | undefined {
  let current = error as { code?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; current && depth < 4; depth++) {
    if (typeof current.code === 'string' && /^E[A-Z_]+$/.test(current.code)) return current.code;
    current = current.cause as typeof current;
  }
  return undefined;
}

/** Words for a discovery that failed, fit for an administrator: never a stack trace. */
function describeDiscoveryFailure(error: unknown): string {
  const cause = networkCode(error);
  if (cause === 'ECONNREFUSED' || cause === 'ECONNRESET') return 'nothing answers at the issuer address';
  if (cause === 'ENOTFOUND' || cause === 'EAI_AGAIN') return "the issuer's host name cannot be resolved";
  if ((error as Error)?.name === 'TimeoutError' || (error as Error)?.name === 'AbortError') return `no answer within ${DISCOVERY_TIMEOUT_SECONDS} seconds`;
  const message = (error as Error)?.message ?? String(error);
  return message.replace(/\s+/g, ' ').slice(0, 200);
}

/**
 * Fetches the issuer's discovery document (openid-client checks that it names the same issuer)
 * and keeps it with its time; a failure is kept too, shown on the provider and in the audit
 * trail. Returns the configuration a sign-in would use.
 */
export async function discoverProvider(ctx: CoreContext, provider: ProviderRecord, actor: Actor): Promise<oidc.Configuration> {
  const auth = provider.clientSecret === null ? oidc.None() : oidc.ClientSecretPost(provider.clientSecret);
  try {
    const config = await oidc.discovery(new URL(provider.issuer), provider.clientId, undefined, auth, {
      timeout: DISCOVERY_TIMEOUT_SECONDS,
      ...(provider.insecureLoopback ? { execute: [oidc.allowInsecureRequests] } : {}),
    });
    ctx.store.transaction(() => {
      ctx.store.providers.recordDiscovery(provider.id, JSON.stringify(config.serverMetadata()), ctx.clock.now());
      audit(ctx, actor, { action: 'provider.discover', outcome: 'success', detail: provider.name });
    });
    return config;
  } catch (error) {
    const problem = describeDiscoveryFailure(error);
    ctx.store.transaction(() => {
      ctx.store.providers.recordProblem(provider.id, problem, ctx.clock.now());
      audit(ctx, actor, { action: 'provider.discover', outcome: 'failed', detail: `${provider.name}: ${problem}` });
    });
    throw new GatehouseError('provider_unreachable', `${provider.name} cannot be reached: ${problem}.`);
  }
}
