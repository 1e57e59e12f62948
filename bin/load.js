// Loads one of the bundles scripts/build-cli.js makes (dist-cli/NAME.mjs) when it is there and
// no newer than the sources it was made from; otherwise the TypeScript source through tsx —
// slower to start, never stale. Shared by bin/gatehouse.js and scripts/preview.js.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);
const sources = fileURLToPath(new URL('src', root));

/** The newest modification time of the sources a bundle is made from (the renderer's are not). */
function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      if (entry.name !== 'renderer' && entry.name !== 'preload') latest = Math.max(latest, newest(path));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
      latest = Math.max(latest, statSync(path).mtimeMs);
    }
  }
  return latest;
}

/** The module: `dist-cli/<name>.mjs` when fresh, else `src/<source>` through tsx. */
export async function load(name, source) {
  const bundle = new URL(`dist-cli/${name}.mjs`, root);
  const path = fileURLToPath(bundle);
  if (existsSync(path) && (!existsSync(sources) || statSync(path).mtimeMs >= newest(sources))) return import(bundle.href);
  const { register } = await import('tsx/esm/api');
  register();
  return import(new URL(`src/${source}`, root).href);
}
