import type { GatehouseError } from '../common/errors.js';
import type { Db, OpenedDatabase } from './database.js';
import { pageDamage, rekeyInPlace, schemaVersion } from './database.js';
import { storeFailure } from './failures.js';
import { AuditRepository } from './audit.js';
import { SettingsRepository } from './settings.js';
import { ThrottleRepository } from './throttle.js';
import { UsersRepository } from './users.js';
import { PasskeysRepository } from './passkeys.js';
import { IdentitiesRepository, ProvidersRepository } from './providers.js';
import { RecoveryCodesRepository, TotpRepository } from './second-factors.js';
import { DeliveriesRepository, OneTimeCodesRepository } from './one-time-codes.js';
import { KitKeysRepository } from './kit-keys.js';

/** The open, decrypted store: repositories over one connection, and its transactions. */
export class Store {
  readonly users: UsersRepository;
  readonly throttle: ThrottleRepository;
  readonly settings: SettingsRepository;
  readonly audit: AuditRepository;
  readonly totp: TotpRepository;
  readonly recoveryCodes: RecoveryCodesRepository;
  readonly passkeys: PasskeysRepository;
  readonly providers: ProvidersRepository;
  readonly identities: IdentitiesRepository;
  readonly oneTimeCodes: OneTimeCodesRepository;
  readonly deliveries: DeliveriesRepository;
  readonly kitKeys: KitKeysRepository;

  private readonly db: Db;
  private readonly cleanup: () => void;
  /** What the pages' checks found when the store opened (or since); a damaged store takes no writes. */
  readonly damage: string[];

  constructor(
    opened: OpenedDatabase,
    readonly path: string,
    readonly storeId: string,
  ) {
    const { db } = opened;
    this.db = db;
    this.cleanup = opened.cleanup;
    this.damage = [...opened.damage];
    this.users = new UsersRepository(db);
    this.throttle = new ThrottleRepository(db);
    this.settings = new SettingsRepository(db);
    this.audit = new AuditRepository(db);
    this.totp = new TotpRepository(db);
    this.recoveryCodes = new RecoveryCodesRepository(db);
    this.passkeys = new PasskeysRepository(db);
    this.providers = new ProvidersRepository(db);
    this.identities = new IdentitiesRepository(db);
    this.oneTimeCodes = new OneTimeCodesRepository(db);
    this.deliveries = new DeliveriesRepository(db);
    this.kitKeys = new KitKeysRepository(db);
  }

  /**
   * Runs `work` in one IMMEDIATE transaction: it takes the write lock first, so a check and the
   * write that depends on it cannot interleave with another process (the app and the CLI).
   */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  /** A consistent copy of the whole database into a new file, encrypted with the same key (VACUUM INTO). */
  copyTo(path: string): void {
    this.db.prepare('VACUUM INTO ?').run(path);
  }

  /** Re-encrypts the store under a new key in place (rotation.ts does the rest); `beforeRekey` runs while no one else can write. */
  rekey(newKey: Buffer, beforeRekey: () => void): void {
    rekeyInPlace(this.db, newKey, beforeRekey);
  }

  /** Folds the WAL into the database file (before a copy of the file is taken, as the benchmarks do). */
  checkpoint(): void {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  get schemaVersion(): number {
    return schemaVersion(this.db);
  }

  /** SQLite's full integrity check plus SQLCipher's page HMAC check; an empty list means healthy. */
  integrityProblems(): string[] {
    let cipher: string[];
    try {
      cipher = (this.db.pragma('cipher_integrity_check') as Record<string, string>[]).map((r) => Object.values(r).join(' '));
    } catch (error) {
      cipher = [`the page check stopped: ${(error as Error).message}`];
    }
    return [...new Set([...this.damage, ...pageDamage(this.db, 'integrity_check'), ...cipher])];
  }

  /**
   * A person-readable error for a failure of SQLite (damage, a full disk, a read-only file), or
   * null for anything else. Damage met while reading stops all further writes.
   */
  failure(error: unknown): GatehouseError | null {
    const code = (error as { code?: unknown } | null)?.code;
    if (this.db.open && (code === 'SQLITE_NOTADB' || (typeof code === 'string' && code.startsWith('SQLITE_CORRUPT')))) {
      if (this.damage.length === 0) this.damage.push((error as Error).message);
      this.db.pragma('query_only = ON');
    }
    return storeFailure(error, this.path, this.damage);
  }

  close(): void {
    if (this.db.open) this.db.close();
    this.cleanup();
  }
}
