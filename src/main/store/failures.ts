import { dirname } from 'node:path';
import { GatehouseError } from '../common/errors.js';

/** What to do about damage: the same words in the app, the CLI and `doctor`. */
export const DAMAGE_ADVICE =
  'Gatehouse reads what it can but makes no changes. Restore gatehouse.db and store.json from a backup, or save what can still be read with "gatehouse users list --json" and "gatehouse audit --json" first; "gatehouse doctor" shows the details.';

export function damagedStoreError(path: string, damage: readonly string[]): GatehouseError {
  const found = damage.length > 0 ? ` (${damage[0]}${damage.length > 1 ? `, and more` : ''})` : '';
  return new GatehouseError('store_damaged', `The store ${path} is damaged${found}. ${DAMAGE_ADVICE}`);
}

/**
 * Turns SQLite's failures into errors a person can act on, naming the file and the condition;
 * null for anything that is not SQLite's (a bug, reported as `internal`).
 */
export function storeFailure(error: unknown, path: string, damage: readonly string[]): GatehouseError | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return null;
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return damagedStoreError(path, damage.length > 0 ? damage : [(error as Error).message]);
  if (code.startsWith('SQLITE_READONLY')) {
    return damage.length > 0
      ? damagedStoreError(path, damage)
      : new GatehouseError('store_readonly', `Gatehouse cannot write to ${path}: the file or its folder ${dirname(path)} is read-only. Nothing was changed.`);
  }
  if (code === 'SQLITE_FULL') {
    return new GatehouseError(
      'disk_full',
      `The disk that holds ${dirname(path)} is full, so Gatehouse could not save this change. Free some space and try again; nothing was changed.`,
    );
  }
  if (code.startsWith('SQLITE_BUSY')) return new GatehouseError('busy', 'Another Gatehouse process is writing to the store. Try again in a moment.');
  if (code.startsWith('SQLITE_CANTOPEN'))
    return new GatehouseError('store_readonly', `Gatehouse cannot open ${path}: check that the folder ${dirname(path)} exists and that you may read and write it.`);
  if (code.startsWith('SQLITE_IOERR'))
    return new GatehouseError('store_damaged', `Reading or writing ${path} failed (${(error as Error).message}). Check the disk; nothing more was written.`);
  return null;
}
