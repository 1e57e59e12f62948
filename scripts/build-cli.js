#!/usr/bin/env node
// Bundles the admin CLI (src/cli/main.ts and what it imports of src/) into one ES module,
// dist-cli/gatehouse.mjs, so that `gatehouse` starts without compiling TypeScript on every run
// (tsx cost 1.6× a bare Node start; bench/suites/cli.ts measures). Packages stay outside the
// bundle, loaded from node_modules as before. Run by `npm install` (prepare), `npm run build`
// and the test command; bin/gatehouse.js falls back to the sources when the bundle is missing
// or older than them. esbuild comes with tsx and Vite.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
await build({
  entryPoints: [join(root, 'src/cli/main.ts')],
  outfile: join(root, 'dist-cli/gatehouse.mjs'),
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node22',
  logLevel: 'warning',
  banner: { js: '// Built by scripts/build-cli.js from src/: edit the sources, not this file.' },
});
