import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../common/package-root.js';

/** Where the list ships: resources/ at the repository root, or beside the bundle when packaged. */
const DEFAULT_LIST = join(packageRoot(), 'resources', 'common-passwords.txt');

/** Blocklist comparisons ignore case and Unicode form: "PASSWORD1" is as weak as "password1". */
export function foldForBlocklist(password: string): string {
  return password.normalize('NFKC').toLowerCase();
}

export interface Blocklist {
  has(password: string): boolean;
  readonly size: number;
}

export function blocklistFromLines(lines: Iterable<string>): Blocklist {
  const entries = new Set<string>();
  for (const line of lines) {
    const entry = line.trim();
    if (entry) entries.add(foldForBlocklist(entry));
  }
  return { has: (password) => entries.has(foldForBlocklist(password)), size: entries.size };
}

let shared: Blocklist | undefined;

/** The bundled list of common passwords, read once per process. */
export function loadCommonPasswords(path = DEFAULT_LIST): Blocklist {
  if (path !== DEFAULT_LIST) return blocklistFromLines(readFileSync(path, 'utf8').split('\n'));
  shared ??= blocklistFromLines(readFileSync(path, 'utf8').split('\n'));
  return shared;
}
