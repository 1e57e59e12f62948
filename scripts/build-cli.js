#!/usr/bin/env node
// Bundles the admin CLI (src/cli/main.ts) and the preview server (src/main/preview.ts), each with
// what it imports of src/, into ES modules in dist-cli/, so that `gatehouse` and `npm run
// preview` start without compiling TypeScript on every run (tsx cost 1.6× a bare Node start;
// bench/suites/cli.ts and renderer.ts measure). Packages stay outside the bundles, loaded from
// node_modules as before. Run by `npm install` (prepare), `npm run build` and the test command.
//
// Beside them, dist-cli/inputs.json names every source file the bundles were made from, with
// its size and modification time as they were before the build began: bin/load.js runs a
// bundle only while every one of them is still exactly so (a file changed, replaced by an older
// copy, or deleted, and it runs the sources instead). esbuild comes with tsx and Vite.
import { build } from 'esbuild';
import { rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = (file) => {
  const { size, mtimeMs } = statSync(join(root, file));
  return { size, mtimeMs };
};
// This script and the settings it builds with count as inputs too.
const before = new Map(['scripts/build-cli.js', 'tsconfig.base.json', 'package.json'].map((file) => [file, stamp(file)]));
const startedAt = Date.now();
const result = await build({
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
  metafile: true,
  banner: { js: '// Built by scripts/build-cli.js from src/: edit the sources, not this file.' },
});
const inputs = Object.fromEntries(
  [...before, ...Object.keys(result.metafile.inputs).map((file) => [relative(root, join(root, file)), null])].map(([file, early]) => [file, early ?? stamp(file)]),
);
// A source saved while esbuild read it may be in the bundle as it was before: then no list is
// written, and the sources run until the next build.
const changed = Object.entries(inputs).filter(([, { mtimeMs }]) => mtimeMs >= startedAt);
if (changed.length > 0) {
  rmSync(join(root, 'dist-cli', 'inputs.json'), { force: true });
  console.warn(`build-cli: ${changed.map(([file]) => file).join(', ')} changed during the build; the sources run until the next one.`);
} else {
  writeFileSync(join(root, 'dist-cli', 'inputs.json'), `${JSON.stringify(inputs)}\n`);
}
