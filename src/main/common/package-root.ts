import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of Gatehouse's package.json, found upwards from this file: the same answer whether
 * this runs from the sources (tsx), from the bundled CLI (dist-cli/) or from the app's bundle,
 * which paths relative to each file would not give.
 */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  // Gatehouse's own: a package.json of another project above a moved file is never taken for it.
  while (!isGatehouse(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no Gatehouse package.json above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
  return dir;
}

function isGatehouse(path: string): boolean {
  try {
    return existsSync(path) && (JSON.parse(readFileSync(path, 'utf8')) as { name?: unknown }).name === 'gatehouse';
  } catch {
    return false;
  }
}
