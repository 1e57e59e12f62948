/**
 * Numbered migrations; `PRAGMA user_version` records the last one applied. Each runs in the
 * same transaction as its version bump, so a crash leaves the store at a whole version.
 * Never edit a released migration: add the next one.
 */
export const MIGRATIONS: readonly string[] = [
  /* 1: accounts, passwords, throttling, settings, audit */ `
  CREATE TABLE users (
    id                   TEXT PRIMARY KEY,
    email                TEXT NOT NULL UNIQUE,
    display_name         TEXT NOT NULL,
    is_admin             INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
    status               TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    password_hash        TEXT,
    password_changed_at  INTEGER,
    must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
    created_at           INTEGER NOT NULL,
    last_sign_in_at      INTEGER
  ) STRICT;

  CREATE TABLE password_history (
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    hash       TEXT NOT NULL,
    retired_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX password_history_by_user ON password_history(user_id, retired_at);

  -- Keyed by the normalised email, known or not, so that throttling never tells them apart.
  CREATE TABLE throttle (
    email                TEXT PRIMARY KEY,
    recent_failures      TEXT NOT NULL DEFAULT '[]',
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    blocked_until        INTEGER,
    locked_at            INTEGER
  ) STRICT;

  CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) STRICT;

  CREATE TABLE audit (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    at         INTEGER NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    account_id TEXT,
    email      TEXT,
    method     TEXT,
    outcome    TEXT NOT NULL,
    detail     TEXT
  ) STRICT;
  CREATE INDEX audit_by_time ON audit(at);
  CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
  CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
  `,
  /* 2: TOTP authenticators and recovery codes */ `
  CREATE TABLE totp_authenticators (
    id             TEXT PRIMARY KEY,
    user_id        TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    -- Base32. At rest it is inside the SQLCipher file; it never leaves main after enrolment.
    secret         TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('pending', 'active')),
    created_at     INTEGER NOT NULL,
    activated_at   INTEGER,
    -- RFC 6238 §5.2: the last accepted time step; any step at or below it is refused.
    last_used_step INTEGER,
    last_used_at   INTEGER,
    UNIQUE (user_id, name)
  ) STRICT;

  CREATE TABLE recovery_codes (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    -- Argon2id PHC string: salted and slow (ASVS 6.5.2), never the code itself.
    hash       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    used_at    INTEGER
  ) STRICT;
  CREATE INDEX recovery_codes_by_user ON recovery_codes(user_id);
  `,
  /* 3: passkeys (WebAuthn credentials) */ `
  CREATE TABLE passkeys (
    -- The credential id, base64url, as the authenticator made it.
    id              TEXT PRIMARY KEY,
    user_id         TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    public_key      BLOB NOT NULL,
    counter         INTEGER NOT NULL,
    transports      TEXT NOT NULL DEFAULT '[]',
    backup_eligible INTEGER NOT NULL CHECK (backup_eligible IN (0, 1)),
    backed_up       INTEGER NOT NULL CHECK (backed_up IN (0, 1)),
    aaguid          TEXT NOT NULL,
    name            TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    last_used_at    INTEGER
  ) STRICT;
  CREATE INDEX passkeys_by_user ON passkeys(user_id);
  `,
  /* 4: throttle rows that can expire; an audit trail that only `audit prune` and retention may shorten */ `
  ALTER TABLE throttle ADD COLUMN last_failure_at INTEGER;
  UPDATE throttle SET last_failure_at = CAST(strftime('%s', 'now') AS INTEGER) * 1000;
  CREATE INDEX throttle_by_last_failure ON throttle(last_failure_at);

  -- A row here, inserted and removed inside the pruning transaction, is the only way past the trigger.
  CREATE TABLE audit_prune_permit (id INTEGER PRIMARY KEY CHECK (id = 1)) STRICT;
  DROP TRIGGER audit_no_delete;
  CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit WHEN NOT EXISTS (SELECT 1 FROM audit_prune_permit)
  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
  `,
  /* 5: OpenID Connect providers, and the identities they vouch for, linked to accounts */ `
  CREATE TABLE providers (
    id                  TEXT PRIMARY KEY,
    name                TEXT NOT NULL UNIQUE COLLATE NOCASE,
    issuer              TEXT NOT NULL,
    client_id           TEXT NOT NULL,
    -- Kept only inside the encrypted store, and never shown again once given.
    client_secret       TEXT,
    scopes              TEXT NOT NULL,
    allow_registration  INTEGER NOT NULL CHECK (allow_registration IN (0, 1)),
    email_claim         TEXT NOT NULL,
    -- A plain-http issuer on the loopback interface, allowed only by a loudly named option (development).
    insecure_loopback   INTEGER NOT NULL CHECK (insecure_loopback IN (0, 1)),
    -- The issuer's discovery document as last fetched, and when; or why the last fetch failed.
    metadata            TEXT,
    metadata_at         INTEGER,
    problem             TEXT,
    problem_at          INTEGER,
    created_at          INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE identities (
    id            TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    provider_id   TEXT NOT NULL REFERENCES providers(id),
    issuer        TEXT NOT NULL,
    subject       TEXT NOT NULL,
    email         TEXT,
    linked_at     INTEGER NOT NULL,
    last_used_at  INTEGER,
    -- One identity, one account.
    UNIQUE (issuer, subject)
  ) STRICT;
  CREATE INDEX identities_by_user ON identities(user_id);
  CREATE INDEX identities_by_provider ON identities(provider_id);
  `,
  /* 6: one-time codes sent by email or text, what was sent when (for the limits), verified emails */ `
  CREATE TABLE one_time_codes (
    -- 'email:<address>' or 'sms:<E.164 number>': one live code per address; a new one replaces it.
    address     TEXT PRIMARY KEY,
    -- HMAC-SHA256 of the code under a random salt: never the code itself.
    hash        TEXT NOT NULL,
    salt        TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0
  ) STRICT;

  -- Every message Gatehouse tried to send (or would have sent), for the resend wait and the hourly caps.
  CREATE TABLE deliveries (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    channel  TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
    address  TEXT NOT NULL,
    at       INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX deliveries_by_address ON deliveries(address, at);
  CREATE INDEX deliveries_by_channel ON deliveries(channel, at);

  ALTER TABLE users ADD COLUMN email_verified_at INTEGER;
  `,
  /* 7: a phone number per account (E.164), one account per number, and when a code to it was entered */ `
  ALTER TABLE users ADD COLUMN phone TEXT;
  ALTER TABLE users ADD COLUMN phone_verified_at INTEGER;
  CREATE UNIQUE INDEX users_by_phone ON users(phone) WHERE phone IS NOT NULL;
  `,
  /* 8: two-step verification required of one account; a provider trusted to say it did two-step */ `
  ALTER TABLE users ADD COLUMN require_mfa INTEGER NOT NULL DEFAULT 0 CHECK (require_mfa IN (0, 1));
  -- 1: the provider's 'mfa' in amr (or one of mfa_acr in acr) counts as a second factor here.
  ALTER TABLE providers ADD COLUMN trust_mfa INTEGER NOT NULL DEFAULT 0 CHECK (trust_mfa IN (0, 1));
  -- Space-separated acr values the provider uses for a two-step sign-in; empty: amr only.
  ALTER TABLE providers ADD COLUMN mfa_acr TEXT NOT NULL DEFAULT '';
  `,
  /* 9: each audit row linked to the one before (an HMAC under a key derived from the store key); older rows have none */ `
  ALTER TABLE audit ADD COLUMN chain TEXT;
  `,
  /* 10: key custody. The audit chain's key kept in the store, so that it outlives a rotation of the
     store key it was derived from (and fixed: Gatehouse never changes it); the MAC key of each
     emergency kit, by its public key, so that a rotation can seal the new store key to the kit. */ `
  CREATE TABLE audit_key (id INTEGER PRIMARY KEY CHECK (id = 1), key BLOB NOT NULL);
  INSERT INTO audit_key (id, key) VALUES (1, gatehouse_chain_key());
  CREATE TRIGGER audit_key_no_update BEFORE UPDATE ON audit_key BEGIN SELECT RAISE(ABORT, 'the audit chain key never changes'); END;
  CREATE TRIGGER audit_key_no_delete BEFORE DELETE ON audit_key BEGIN SELECT RAISE(ABORT, 'the audit chain key never changes'); END;
  CREATE TABLE kit_keys (public_key TEXT PRIMARY KEY, mac_key BLOB NOT NULL, created_at INTEGER NOT NULL);
  `,
  /* 11: a recovery code's row found by a keyed tag (key outside the store), so that one slow hash checks a code */ `
  ALTER TABLE recovery_codes ADD COLUMN tag TEXT;
  `,
  /* 12: the audit page's filters by index, newest first, at any size: each filter's column, then
     time (the rowid last, as in every index); the addresses the trail names, once each, for a
     search by part of an address; accounts in the order they are listed */ `
  CREATE INDEX audit_by_action ON audit(action, at);
  CREATE INDEX audit_by_outcome ON audit(outcome, at);
  CREATE INDEX audit_by_email ON audit(email, at);
  CREATE TABLE audit_emails (email TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;
  INSERT OR IGNORE INTO audit_emails (email) SELECT DISTINCT email FROM audit WHERE email IS NOT NULL;
  CREATE TRIGGER audit_emails_known AFTER INSERT ON audit WHEN NEW.email IS NOT NULL
  BEGIN INSERT OR IGNORE INTO audit_emails (email) VALUES (NEW.email); END;
  CREATE INDEX users_by_listing ON users(created_at, email);
  `,
  /* 13: whether a passkey verified its user (PIN, fingerprint) when it was made: a security key
     that did not (Electron has no PIN prompt where no platform authenticator exists) is a second
     step after a password, never a sign-in on its own. Every passkey before this one did. */ `
  ALTER TABLE passkeys ADD COLUMN user_verified INTEGER NOT NULL DEFAULT 1 CHECK (user_verified IN (0, 1));
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;
