import * as oidc from 'openid-client';
import { escapeUnsafeText, type Amr, type ProviderAssertion, type SignInResult, type AuditOutcome } from '../../../shared/index.js';
import { GatehouseError } from '../../common/errors.js';
import { randomId } from '../../common/ports.js';
import type { IdentityRecord, ProviderRecord } from '../../store/providers.js';
import type { UserRecord } from '../../store/users.js';
import { createAccount } from '../accounts/accounts.js';
import { audit } from '../audit.js';
import type { Actor, CoreContext } from '../context.js';
import type { ProviderPurpose } from '../flows.js';
import { normaliseEmail } from '../email.js';
import { discoverProvider, findProvider, networkCode } from '../providers/providers.js';
import type { Session } from '../sessions.js';
import { afterFirstFactor } from './transitions.js';
import { throttleVerdict } from '../../common/throttle.js';
import { lockedOutcome } from '../throttle-gate.js';

/**
 * Sign-in through an OpenID Connect provider, in the system browser (RFC 8252): an authorization
 * request with PKCE (S256), `state` and `nonce`, its answer back at a loopback redirect URI, the
 * code exchanged and the ID token checked by openid-client (issuer, audience, signature against the
 * issuer's keys, expiry, nonce). The identity is (issuer, subject); tokens are not kept.
 */

/**
 * How far a provider's `auth_time` may lag the moment Gatehouse asked for a fresh login: the two
 * clocks are not the same clock. A provider that ignored the request and answered from an older
 * session is refused.
 */
export const AUTH_TIME_SKEW_MS = 30_000;

/** The authorization request to open in the browser, and the flow that remembers what its answer must match. */
export async function beginProviderSignIn(
  ctx: CoreContext,
  providerName: string,
  redirectUri: string,
  actor: Actor,
  purpose: ProviderPurpose = { kind: 'sign_in' },
): Promise<{ flowId: string; authorizationUrl: string; state: string }> {
  const provider = findProvider(ctx, providerName);
  if ((purpose.kind === 'reauth' || purpose.kind === 'unlock') && !ctx.store.identities.listForUser(purpose.userId).some((i) => i.providerId === provider.id)) {
    throw new GatehouseError('not_found', `Your account is not linked to ${provider.name}.`);
  }
  const config = await discoverProvider(ctx, provider, actor);
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: provider.scopes,
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    // Every time, the provider must ask the person now, not answer from a session the browser
    // kept: that session proves only that someone can use this browser (a walk-up at a locked
    // Gatehouse could sign out and in again on it). See docs/flows.md.
    prompt: 'login',
    max_age: '0',
  });
  const startedAt = ctx.clock.now();
  const flowId = ctx.flows.start('provider_authorization', { providerId: provider.id, redirectUri, codeVerifier, state, nonce, purpose, startedAt });
  return { flowId, authorizationUrl: url.href, state };
}

/** The configuration a sign-in uses, from the discovery document fetched when it began. */
function configurationOf(provider: ProviderRecord): oidc.Configuration {
  if (provider.metadata === null) throw new GatehouseError('provider_unreachable', `${provider.name} cannot be reached: start again.`);
  const auth = provider.clientSecret === null ? oidc.None() : oidc.ClientSecretPost(provider.clientSecret);
  const config = new oidc.Configuration(JSON.parse(provider.metadata) as oidc.ServerMetadata, provider.clientId, undefined, auth);
  if (provider.insecureLoopback) oidc.allowInsecureRequests(config);
  // TLS alone would vouch for the token endpoint; the ID token's signature is checked as well,
  // against the issuer's published keys, so that a tampered token is refused on any transport.
  oidc.enableNonRepudiationChecks(config);
  return config;
}

/** RFC 6749 §4.1.2.1 and OpenID Connect's error codes: the only ones a person is shown by name. */
const KNOWN_ERRORS = new Set([
  'invalid_request',
  'unauthorized_client',
  'unsupported_response_type',
  'invalid_scope',
  'server_error',
  'temporarily_unavailable',
  'account_selection_required',
  'invalid_request_uri',
  'registration_not_supported',
]);

/** Text a provider chose (an error description, a subject): bounded and inert before it is recorded or shown. */
function fromProvider(text: unknown, max = 200): string {
  return escapeUnsafeText(String(text ?? '')).slice(0, max);
}

/** What went wrong with a provider's answer, in words for the person signing in; the detail for the audit trail. */
function explainFailure(provider: ProviderRecord, error: unknown): { message: string; detail: string } {
  if (error instanceof oidc.AuthorizationResponseError) {
    const code = fromProvider(error.error, 64);
    if (code === 'access_denied') return { message: `Sign-in at ${provider.name} was cancelled or refused. Try again, or sign in another way.`, detail: code };
    if (code === 'login_required' || code === 'consent_required' || code === 'interaction_required') {
      return { message: `${provider.name} needs you to sign in there first. Try again.`, detail: code };
    }
    return {
      message: `${provider.name} could not complete the sign-in${KNOWN_ERRORS.has(code) ? ` (${code})` : ''}. Try again, or ask your administrator.`,
      detail: `${code}: ${fromProvider(error.error_description)}`.trim(),
    };
  }
  if (error instanceof oidc.ResponseBodyError) {
    return { message: `${provider.name} did not accept this sign-in. Start again.`, detail: `${fromProvider(error.error, 64)}: ${fromProvider(error.error_description)}`.trim() };
  }
  const network = networkCode(error);
  if (network !== undefined || (error as Error)?.name === 'TimeoutError') {
    return { message: `${provider.name} cannot be reached. Check your connection, or sign in another way.`, detail: `unreachable: ${network ?? 'timeout'}` };
  }
  // Anything else is an answer that failed a check (issuer, audience, nonce, signature, state):
  // openid-client's words, and those of the check beneath them ("unexpected ID Token "nonce" claim value").
  const cause = (error as Error)?.cause;
  const why = [(error as Error)?.message ?? error, cause instanceof Error ? cause.message : undefined].filter(Boolean).join(': ');
  return { message: `The answer from ${provider.name} could not be verified, so Gatehouse did not use it. Start again.`, detail: fromProvider(why, 300) };
}

/**
 * Finishes the sign-in with the URL the browser came back to. A known identity signs in (amr
 * ext, then the local policy's second factor as after a password); an unknown one is
 * registered when the provider may create accounts and vouches for the email; an email that
 * already has an account here is never merged silently.
 */
interface Redeemed {
  provider: ProviderRecord;
  issuer: string;
  subject: string;
  /** The provider's email for the person, normalised; null when it gave none that is an address. */
  email: string | null;
  verified: boolean;
  name: string | undefined;
  /** How the provider says it signed the person in (its `amr`), for display. */
  assertion: ProviderAssertion;
  /** Gatehouse's amr for this sign-in: `ext`, and `mfa` when a provider trusted for it says it did two-step. */
  amr: Amr[];
  record: (outcome: AuditOutcome, detail: string, user?: UserRecord | null, email?: string | null) => void;
}

/** Short method tokens from the provider's `amr` claim (RFC 8176 style); anything else is dropped. */
function providerAmr(claim: unknown): string[] {
  if (!Array.isArray(claim)) return [];
  return [...new Set(claim.filter((v): v is string => typeof v === 'string' && /^[A-Za-z0-9_.-]{1,32}$/.test(v)))].slice(0, 8);
}

/**
 * Whether a provider says it signed the person in with two factors: `mfa` in its amr (RFC 8176),
 * or an acr value the administrator listed as its two-step level. Only ever asked of a provider
 * an administrator chose to trust for it: otherwise a provider's word is shown, never relied on.
 */
function saysTwoStep(provider: ProviderRecord, claims: Record<string, unknown>): boolean {
  return providerAmr(claims.amr).includes('mfa') || (typeof claims.acr === 'string' && provider.mfaAcr.includes(claims.acr));
}

const samePurpose = (a: ProviderPurpose, b: ProviderPurpose) => a.kind === b.kind && (a.kind === 'sign_in' || a.userId === (b as { userId: string }).userId);

/** Ends the flow, exchanges the code and checks the ID token; what the provider says of the person, or a refusal in words. */
async function redeem(ctx: CoreContext, flowId: string, callbackUrl: URL, actor: Actor, purpose: ProviderPurpose): Promise<Redeemed> {
  const { state: flow } = ctx.flows.take(flowId, 'provider_authorization');
  if (!samePurpose(flow.purpose, purpose)) throw new GatehouseError('flow_expired', 'This step has expired or was already completed. Please start again.');
  const provider = ctx.store.providers.list().find((p) => p.id === flow.providerId);
  if (!provider) throw new GatehouseError('flow_expired', 'This provider was removed meanwhile. Sign in another way.');
  const action = ({ sign_in: 'sign_in', link: 'identity.link', reauth: 'reauthenticate', unlock: 'sign_in' } as const)[purpose.kind];
  // A flow for a signed-in account names it in every entry, refusals included.
  const forAccount = purpose.kind === 'sign_in' ? null : (ctx.store.users.findById(purpose.userId) ?? null);
  const record = (outcome: AuditOutcome, detail: string, user: UserRecord | null = forAccount, email?: string | null) =>
    audit(ctx, actor, { action, method: 'provider', accountId: user?.id ?? null, email: email ?? user?.email ?? null, outcome, detail: `${provider.name}: ${detail}` });

  const config = configurationOf(provider);
  let claims: Record<string, unknown>;
  /** The ID token's own claims, signed and bound to this request: the only ones trusted for how and when the person signed in. */
  let signed: Record<string, unknown>;
  try {
    const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: flow.codeVerifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
      // A fresh login was asked for: openid-client then requires `auth_time` and checks it is recent.
      maxAge: 0,
    });
    const idClaims = tokens.claims();
    if (!idClaims) throw new Error('no ID token');
    signed = { ...idClaims };
    claims = { ...idClaims };
    // Many providers give the email in userinfo only: ask there, for the same subject.
    if (claims[provider.emailClaim] === undefined && config.serverMetadata().userinfo_endpoint) {
      claims = { ...(await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub)), ...claims };
    }
  } catch (error) {
    const { message, detail } = explainFailure(provider, error);
    record('failed', detail);
    throw new GatehouseError(detail.startsWith('unreachable') ? 'provider_unreachable' : 'provider_refused', message);
  }
  // And against the moment it was asked, on this machine's clock, so that a provider answering
  // from a session it kept proves nothing.
  if (typeof signed.auth_time !== 'number' || signed.auth_time * 1000 < flow.startedAt - AUTH_TIME_SKEW_MS) {
    record('failed', 'no fresh login: auth_time is older than the request');
    throw new GatehouseError('provider_refused', `${provider.name} did not ask you to sign in, so it cannot confirm it's you. Try again, or ask your administrator.`);
  }
  const rawEmail = claims[provider.emailClaim];
  return {
    provider,
    issuer: String(claims.iss),
    subject: String(claims.sub),
    email: typeof rawEmail === 'string' ? normaliseEmail(rawEmail) : null,
    // email_verified vouches for the `email` claim only: another claim (upn, preferred_username) is never taken as verified.
    verified: provider.emailClaim === 'email' && claims.email_verified === true,
    name: typeof claims.name === 'string' ? claims.name : undefined,
    // How the person signed in is read from the ID token only: userinfo is not signed, nor bound to this request.
    assertion: { provider: provider.name, amr: providerAmr(signed.amr) },
    amr: provider.trustMfa && saysTwoStep(provider, signed) ? ['ext', 'mfa'] : ['ext'],
    record,
  };
}

/**
 * Finishes the sign-in with the URL the browser came back to. A known identity signs in (amr
 * ext, then the local policy's second factor as after a password); an unknown one is
 * registered when the provider may create accounts and vouches for the email; an email that
 * already has an account here is never merged silently.
 */
export async function finishProviderSignIn(ctx: CoreContext, flowId: string, callbackUrl: URL, actor: Actor): Promise<SignInResult<Session>> {
  const { provider, issuer, subject, email, verified, name, assertion, amr, record } = await redeem(ctx, flowId, callbackUrl, actor, { kind: 'sign_in' });
  const who = `${fromProvider(issuer)} ${fromProvider(subject)}`;

  const identity = ctx.store.identities.find(issuer, subject);
  if (identity) {
    const user = ctx.store.users.findById(identity.userId);
    if (!user) throw new GatehouseError('provider_refused', 'This account no longer exists.');
    return signInAs(ctx, user, identity, { assertion, amr, record, who }, actor);
  }

  // Someone this machine does not know yet.
  if (email !== null && verified && ctx.store.users.findByEmail(email)) {
    record('failed', `${who}: an account with this email exists; not merged`, null, email);
    throw new GatehouseError(
      'conflict',
      `An account for ${email} already exists here. Sign in to it another way, then link ${provider.name} from your account page: Gatehouse never joins them on its own.`,
    );
  }
  if (!provider.allowRegistration) {
    record('failed', `${who}: not registered, and the provider may not create accounts`, null, email);
    throw new GatehouseError('forbidden', `There is no account here for this ${provider.name} identity, and ${provider.name} may not create one. Ask an administrator.`);
  }
  if (email === null || !verified) {
    record('failed', `${who}: no verified email to register with`, null, email);
    throw new GatehouseError('provider_refused', `${provider.name} did not confirm an email address for you, so Gatehouse cannot make an account. Ask an administrator.`);
  }
  // The account and its only way in are written together: never an account nobody can enter.
  const withIdentity = (user: UserRecord) => {
    const now = ctx.clock.now();
    ctx.store.identities.insert({ id: randomId(ctx.random), userId: user.id, providerId: provider.id, issuer, subject, email, linkedAt: now, lastUsedAt: now });
    audit(ctx, actor, { action: 'identity.link', method: 'provider', accountId: user.id, email, outcome: 'success', detail: `${provider.name}: ${who} (registered)` });
  };
  // A name the provider gave that Gatehouse cannot use (too long, control characters) is left out, not a reason to refuse.
  const created = await createAccount(ctx, { email, displayName: name }, actor, withIdentity).catch((error: unknown) => {
    if (error instanceof GatehouseError && error.code === 'invalid_input' && name !== undefined) return createAccount(ctx, { email }, actor, withIdentity);
    throw error;
  });
  return afterFirstFactor(ctx, ctx.store.users.findById(created.id)!, amr, 'provider', actor, assertion);
}

/** A known identity's sign-in: refused to a blocked or disabled account, else on to the local policy's second factor. */
function signInAs(
  ctx: CoreContext,
  user: UserRecord,
  identity: IdentityRecord,
  { assertion, amr, record, who }: Pick<Redeemed, 'assertion' | 'amr' | 'record'> & { who: string },
  actor: Actor,
): SignInResult<Session> {
  // As with a passkey: a provider does not lift a block or an administrator's lock.
  const verdict = throttleVerdict(ctx.store.throttle.get(user.email), ctx.clock.now());
  if (verdict.kind !== 'open') {
    record('locked', who, user);
    return lockedOutcome(verdict);
  }
  if (user.status === 'disabled') {
    record('disabled', who, user);
    return { kind: 'disabled' };
  }
  ctx.store.identities.recordUse(identity.id, ctx.clock.now());
  return afterFirstFactor(ctx, user, amr, 'provider', actor, assertion);
}

/**
 * Links the identity the browser came back with to the signed-in account that asked. An
 * identity belongs to one account only; linking needs no matching email (the person proved
 * both sides).
 */
export async function finishProviderLink(ctx: CoreContext, flowId: string, callbackUrl: URL, userId: string, actor: Actor): Promise<void> {
  const { provider, issuer, subject, email, record } = await redeem(ctx, flowId, callbackUrl, actor, { kind: 'link', userId });
  const user = ctx.store.users.findById(userId);
  if (!user) throw new GatehouseError('session_required', 'This account no longer exists.');
  const who = `${fromProvider(issuer)} ${fromProvider(subject)}`;
  const linkedElsewhere = ctx.store.transaction(() => {
    const existing = ctx.store.identities.find(issuer, subject);
    if (existing?.userId === user.id) throw new GatehouseError('conflict', `Your account is already linked to this ${provider.name} identity.`);
    if (existing) return true;
    if (ctx.store.identities.listForUser(user.id).some((i) => i.providerId === provider.id)) {
      throw new GatehouseError('conflict', `Your account is already linked to ${provider.name}. Unlink it first to link another identity there.`);
    }
    ctx.store.identities.insert({ id: randomId(ctx.random), userId: user.id, providerId: provider.id, issuer, subject, email, linkedAt: ctx.clock.now(), lastUsedAt: null });
    record('success', who, user);
    return false;
  });
  if (linkedElsewhere) {
    // Recorded outside the transaction, which would take the row with it: this attempt must stay on record.
    record('failed', `${who}: linked to another account`, user);
    throw new GatehouseError('conflict', `This ${provider.name} identity is linked to another account. Unlink it there first.`);
  }
}

/**
 * The browser came back from a fresh login at the provider (asked with `prompt=login` and
 * `max_age=0`, its `auth_time` checked): the identity must be one linked to this account, for
 * someone else's identity at the same provider proves nothing about the person at this one.
 */
async function redeemOwnIdentity(ctx: CoreContext, flowId: string, callbackUrl: URL, purpose: Extract<ProviderPurpose, { kind: 'reauth' | 'unlock' }>, actor: Actor) {
  const redeemed = await redeem(ctx, flowId, callbackUrl, actor, purpose);
  const { provider, issuer, subject, record } = redeemed;
  const user = ctx.store.users.findById(purpose.userId);
  if (!user) throw new GatehouseError('session_required', 'This account no longer exists.');
  const who = `${fromProvider(issuer)} ${fromProvider(subject)}`;
  const identity = ctx.store.identities.find(issuer, subject);
  if (identity?.userId !== user.id) {
    record('failed', `${who}: not an identity of this account`, user);
    throw new GatehouseError('provider_refused', `You signed in to ${provider.name} as someone this account is not linked to. Try again with your own ${provider.name} account.`);
  }
  return { ...redeemed, user, identity, who };
}

/** "Confirm it's you" before a sensitive action, by a fresh login at a provider linked to the account. */
export async function finishProviderReauthentication(ctx: CoreContext, flowId: string, callbackUrl: URL, userId: string, actor: Actor): Promise<{ amr: Amr[] }> {
  const { user, identity, who, record, amr } = await redeemOwnIdentity(ctx, flowId, callbackUrl, { kind: 'reauth', userId }, actor);
  // As for a password given again: a blocked or locked account proves nothing more by a provider.
  if (throttleVerdict(ctx.store.throttle.get(user.email), ctx.clock.now()).kind !== 'open') {
    record('locked', who, user);
    throw new GatehouseError('forbidden', 'Too many failed attempts on this account. Try again in a few minutes.');
  }
  ctx.store.transaction(() => {
    ctx.store.identities.recordUse(identity.id, ctx.clock.now());
    record('success', who, user);
  });
  // A provider trusted for two-step that did it: a fresh second factor too.
  return { amr };
}

/** Unlocking a locked session by a fresh login at a linked provider: a sign-in as that account, second factor and all. */
export async function finishProviderUnlock(ctx: CoreContext, flowId: string, callbackUrl: URL, userId: string, actor: Actor): Promise<SignInResult<Session>> {
  const { user, identity, ...redeemed } = await redeemOwnIdentity(ctx, flowId, callbackUrl, { kind: 'unlock', userId }, actor);
  return signInAs(ctx, user, identity, redeemed, actor);
}
