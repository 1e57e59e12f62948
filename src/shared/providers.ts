/** What the admin pages and the CLI may see of an OpenID Connect provider: never its client secret. */
export interface ProviderView {
  name: string;
  issuer: string;
  clientId: string;
  /** A confidential client: a secret was given (it is never shown again). */
  hasClientSecret: boolean;
  scopes: string[];
  /** Whether a person the provider vouches for, with no account here yet, gets one. */
  allowRegistration: boolean;
  /** The ID token or userinfo claim that gives the email address. */
  emailClaim: string;
  /** A plain-http issuer on the loopback interface: for development only. */
  insecureLoopbackIssuer: boolean;
  /** Its own two-step sign-in counts here: amr `mfa`, or one of these acr values. */
  trustMfa: boolean;
  mfaAcr: string[];
  discovery: ProviderDiscovery;
  linkedIdentities: number;
  createdAt: number;
}

/** The issuer's discovery document: fetched (when), never fetched, or not reachable at the last try (why, when). */
export type ProviderDiscovery = { state: 'unknown' } | { state: 'ok'; fetchedAt: number } | { state: 'unreachable'; problem: string; at: number; fetchedAt: number | null };

/** An identity at a provider, linked to an account: what its owner and administrators may see. */
export interface IdentityView {
  provider: string;
  /** The email the provider gave when it was linked, if any. */
  email: string | null;
  linkedAt: number;
  lastUsedAt: number | null;
}
