import type { Db } from './database.js';

export interface ProviderRecord {
  id: string;
  name: string;
  issuer: string;
  clientId: string;
  clientSecret: string | null;
  scopes: string;
  allowRegistration: boolean;
  emailClaim: string;
  insecureLoopback: boolean;
  /** The provider's own two-step sign-in counts as a second factor here (amr `mfa`, or an acr of `mfaAcr`). */
  trustMfa: boolean;
  mfaAcr: string[];
  /** The discovery document as last fetched (JSON), and when. */
  metadata: string | null;
  metadataAt: number | null;
  /** Why the last discovery failed, and when; cleared by a success. */
  problem: string | null;
  problemAt: number | null;
  createdAt: number;
}

interface ProviderRow {
  id: string;
  name: string;
  issuer: string;
  client_id: string;
  client_secret: string | null;
  scopes: string;
  allow_registration: number;
  email_claim: string;
  insecure_loopback: number;
  trust_mfa: number;
  mfa_acr: string;
  metadata: string | null;
  metadata_at: number | null;
  problem: string | null;
  problem_at: number | null;
  created_at: number;
}

const toProvider = (r: ProviderRow): ProviderRecord => ({
  id: r.id,
  name: r.name,
  issuer: r.issuer,
  clientId: r.client_id,
  clientSecret: r.client_secret,
  scopes: r.scopes,
  allowRegistration: r.allow_registration === 1,
  emailClaim: r.email_claim,
  insecureLoopback: r.insecure_loopback === 1,
  trustMfa: r.trust_mfa === 1,
  mfaAcr: r.mfa_acr === '' ? [] : r.mfa_acr.split(' '),
  metadata: r.metadata,
  metadataAt: r.metadata_at,
  problem: r.problem,
  problemAt: r.problem_at,
  createdAt: r.created_at,
});

export class ProvidersRepository {
  constructor(private readonly db: Db) {}

  insert(p: ProviderRecord): void {
    this.db
      .prepare(
        `INSERT INTO providers (id, name, issuer, client_id, client_secret, scopes, allow_registration, email_claim, insecure_loopback, metadata, metadata_at, problem, problem_at, created_at, trust_mfa, mfa_acr)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        p.id,
        p.name,
        p.issuer,
        p.clientId,
        p.clientSecret,
        p.scopes,
        p.allowRegistration ? 1 : 0,
        p.emailClaim,
        p.insecureLoopback ? 1 : 0,
        p.metadata,
        p.metadataAt,
        p.problem,
        p.problemAt,
        p.createdAt,
        p.trustMfa ? 1 : 0,
        p.mfaAcr.join(' '),
      );
  }

  list(): ProviderRecord[] {
    return (this.db.prepare('SELECT * FROM providers ORDER BY name COLLATE NOCASE').all() as ProviderRow[]).map(toProvider);
  }

  findByName(name: string): ProviderRecord | undefined {
    const row = this.db.prepare('SELECT * FROM providers WHERE name = ?').get(name) as ProviderRow | undefined;
    return row && toProvider(row);
  }

  recordDiscovery(id: string, metadata: string, at: number): void {
    this.db.prepare('UPDATE providers SET metadata = ?, metadata_at = ?, problem = NULL, problem_at = NULL WHERE id = ?').run(metadata, at, id);
  }

  recordProblem(id: string, problem: string, at: number): void {
    this.db.prepare('UPDATE providers SET problem = ?, problem_at = ? WHERE id = ?').run(problem, at, id);
  }

  remove(id: string): void {
    this.db.prepare('DELETE FROM providers WHERE id = ?').run(id);
  }
}

export interface IdentityRecord {
  id: string;
  userId: string;
  providerId: string;
  issuer: string;
  subject: string;
  email: string | null;
  linkedAt: number;
  lastUsedAt: number | null;
}

interface IdentityRow {
  id: string;
  user_id: string;
  provider_id: string;
  issuer: string;
  subject: string;
  email: string | null;
  linked_at: number;
  last_used_at: number | null;
}

const toIdentity = (r: IdentityRow): IdentityRecord => ({
  id: r.id,
  userId: r.user_id,
  providerId: r.provider_id,
  issuer: r.issuer,
  subject: r.subject,
  email: r.email,
  linkedAt: r.linked_at,
  lastUsedAt: r.last_used_at,
});

export class IdentitiesRepository {
  constructor(private readonly db: Db) {}

  insert(i: IdentityRecord): void {
    this.db
      .prepare('INSERT INTO identities (id, user_id, provider_id, issuer, subject, email, linked_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(i.id, i.userId, i.providerId, i.issuer, i.subject, i.email, i.linkedAt, i.lastUsedAt);
  }

  find(issuer: string, subject: string): IdentityRecord | undefined {
    const row = this.db.prepare('SELECT * FROM identities WHERE issuer = ? AND subject = ?').get(issuer, subject) as IdentityRow | undefined;
    return row && toIdentity(row);
  }

  listForUser(userId: string): IdentityRecord[] {
    return (this.db.prepare('SELECT * FROM identities WHERE user_id = ? ORDER BY linked_at, id').all(userId) as IdentityRow[]).map(toIdentity);
  }

  remove(id: string): void {
    this.db.prepare('DELETE FROM identities WHERE id = ?').run(id);
  }

  recordUse(id: string, at: number): void {
    this.db.prepare('UPDATE identities SET last_used_at = ? WHERE id = ?').run(at, id);
  }

  countForProvider(providerId: string): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM identities WHERE provider_id = ?').get(providerId) as { n: number }).n;
  }

  userIdsForProvider(providerId: string): string[] {
    return (this.db.prepare('SELECT user_id FROM identities WHERE provider_id = ?').all(providerId) as { user_id: string }[]).map((r) => r.user_id);
  }

  removeForProvider(providerId: string): number {
    return this.db.prepare('DELETE FROM identities WHERE provider_id = ?').run(providerId).changes;
  }
}
