import type { Db } from './database.js';

/**
 * The MAC key of each emergency kit made for this store, by the kit's public key (see
 * secrets/emergency-kit.ts): what lets a key rotation seal the new store key to the kit without
 * its recovery key. Encrypted with the rest of the store.
 */
export class KitKeysRepository {
  constructor(private readonly db: Db) {}

  remember(publicKey: string, macKey: Buffer, at: number): void {
    this.db.prepare('INSERT INTO kit_keys (public_key, mac_key, created_at) VALUES (?, ?, ?) ON CONFLICT (public_key) DO NOTHING').run(publicKey, macKey, at);
  }

  macKeyFor(publicKey: string): Buffer | null {
    const key = this.db.prepare('SELECT mac_key FROM kit_keys WHERE public_key = ?').pluck().get(publicKey);
    return Buffer.isBuffer(key) ? Buffer.from(key) : null;
  }
}
