import type { Db } from './database.js';
import { schemaVersion } from './database.js';
import { AuditRepository } from './audit.js';
import { SettingsRepository } from './settings.js';
import { ThrottleRepository } from './throttle.js';
import { UsersRepository } from './users.js';
import { PasskeysRepository } from './passkeys.js';
import { RecoveryCodesRepository, TotpRepository } from './second-factors.js';

/** The open, decrypted store: repositories over one connection, and its transactions. */
export class Store {
  readonly users: UsersRepository;
  readonly throttle: ThrottleRepository;
  readonly settings: SettingsRepository;
  readonly audit: AuditRepository;
  readonly totp: TotpRepository;
  readonly recoveryCodes: RecoveryCodesRepository;
  readonly passkeys: PasskeysRepository;

  constructor(
    private readonly db: Db,
    readonly path: string,
    readonly storeId: string,
  ) {
    this.users = new UsersRepository(db);
    this.throttle = new ThrottleRepository(db);
    this.settings = new SettingsRepository(db);
    this.audit = new AuditRepository(db);
    this.totp = new TotpRepository(db);
    this.recoveryCodes = new RecoveryCodesRepository(db);
    this.passkeys = new PasskeysRepository(db);
  }

  /**
   * Runs `work` in one IMMEDIATE transaction: it takes the write lock first, so a check and the
   * write that depends on it cannot interleave with another process (the app and the CLI).
   */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  get schemaVersion(): number {
    return schemaVersion(this.db);
  }

  /** SQLite's integrity check plus SQLCipher's page HMAC check; an empty list means healthy. */
  integrityProblems(): string[] {
    const sqlite = (this.db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).filter((r) => r !== 'ok');
    const cipher = (this.db.pragma('cipher_integrity_check') as Record<string, string>[]).map((r) => Object.values(r).join(' '));
    return [...sqlite, ...cipher];
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
