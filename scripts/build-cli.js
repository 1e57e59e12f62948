#!/usr/bin/env node
// Bundles the admin CLI (src/cli/main.ts) and the preview server (src/main/preview.ts), each with
// what it imports of src/, into ES modules in dist-cli/, so that `gatehouse` and `npm run
// preview` start without compiling TypeScript on every run (tsx cost 1.6× a bare Node start;
// bench/suites/cli.ts and preview.ts measure). Packages stay outside the bundles, loaded from
// node_modules as before. Run by `npm install` (prepare), `npm run build` and the test command;
// bin/load.js falls back to the sources when a bundle is missing or older than them. esbuild
// comes with tsx and Vite.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
await build({
  entryPoints: [
    { in: join(root, 'src/cli/main.ts'), out: 'gatehouse' },
    { in: join(root, 'src/main/preview.ts'), out: 'preview' },
  ],
  outdir: join(root, 'dist-cli'),
  outExtension: { '.js': '.mjs' },
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node22',
  logLevel: 'warning',
  banner: { js: '// Built by scripts/build-cli.js from src/: edit the sources, not this file.' },
});
