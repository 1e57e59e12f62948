#!/usr/bin/env node
// npm run preview -- [--port N] [--data-dir DIR] [--keychain os|file] [--no-build]
// Builds the renderer and the HTTP bridge, then serves the app at http://gatehouse.localhost:PORT.
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const noBuild = args.includes('--no-build');
if (!noBuild) {
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) {
    console.error('preview: the build failed (see above)');
    process.exit(1);
  }
}
// The bundle the build makes (dist-cli/preview.mjs), or the sources when it is older (bin/load.js).
const { load } = await import('../bin/load.js');
const { runPreview, describeStartError } = await load('preview', 'main/preview.ts');
try {
  await runPreview(
    args.filter((a) => a !== '--no-build'),
    root,
  );
} catch (error) {
  console.error(`preview: ${describeStartError(error)}`);
  process.exit(1);
}
