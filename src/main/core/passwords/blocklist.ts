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
  if (path !== DEFAULT_LIST) return checked(path, blocklistFromLines(readFileSync(path, 'utf8').split('\n')));
  shared ??= checked(path, blocklistFromLines(readFileSync(path, 'utf8').split('\n')));
  return shared;
}

/** A list that is empty or a fraction of the one shipped (a wrong file) would let common passwords through without a word. */
const LEAST_ENTRIES = 1000;
function checked(path: string, list: Blocklist): Blocklist {
  if (list.size < LEAST_ENTRIES) throw new Error(`the common-password list ${path} has ${list.size} entries; Gatehouse ships 10 000: reinstall it`);
  return list;
}
