// Loads one of the bundles scripts/build-cli.js makes (dist-cli/NAME.mjs) while every source it
// was made from is exactly as it was then (dist-cli/inputs.json: size and modification time);
// otherwise — a file changed, replaced by an older copy, deleted, or no bundle at all — the
// TypeScript source through tsx: slower to start, never stale. Shared by bin/gatehouse.js and
// scripts/preview.js.
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);

function bundleIsCurrent() {
  let inputs;
  try {
    inputs = JSON.parse(readFileSync(new URL('dist-cli/inputs.json', root), 'utf8'));
  } catch {
    return false; // no bundle yet
  }
  for (const [file, { size, mtimeMs }] of Object.entries(inputs)) {
    try {
      const now = statSync(fileURLToPath(new URL(file, root)));
      if (now.size !== size || now.mtimeMs !== mtimeMs) return false;
    } catch {
      return false; // deleted or moved
    }
  }
  return true;
}

/** The module: `dist-cli/<name>.mjs` when current, else `src/<source>` through tsx. */
export async function load(name, source) {
  if (bundleIsCurrent()) return import(new URL(`dist-cli/${name}.mjs`, root).href);
  const { register } = await import('tsx/esm/api');
  register();
  return import(new URL(`src/${source}`, root).href);
}
