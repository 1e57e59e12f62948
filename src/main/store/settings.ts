import type { z } from 'zod';
import type { Db } from './database.js';

/** Small JSON values by key; each reader parses with its own schema. */
export class SettingsRepository {
  constructor(private readonly db: Db) {}

  get<T extends z.ZodType>(key: string, schema: T): z.infer<T> | undefined {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    return row === undefined ? undefined : schema.parse(JSON.parse(row.value));
  }

  set(key: string, value: unknown): void {
    this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, JSON.stringify(value));
  }
}
