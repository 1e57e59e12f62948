#!/usr/bin/env node
// The `gatehouse` admin command line. It runs the bundle scripts/build-cli.js makes at install
// (dist-cli/gatehouse.mjs); when that is missing, or older than a source it was made from (a
// change not built yet), it runs the TypeScript sources through tsx instead: slower to start,
// never stale.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(`gatehouse: Node.js 22.12 or later is required (this is ${process.versions.node}).\n`);
  process.exit(1);
}

const bundle = fileURLToPath(new URL('../dist-cli/gatehouse.mjs', import.meta.url));
const sources = fileURLToPath(new URL('../src', import.meta.url));

/** The newest modification time of the sources the bundle is made from (the renderer's are not). */
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

const fresh = existsSync(bundle) && (!existsSync(sources) || statSync(bundle).mtimeMs >= newest(sources));
let runCli;
if (fresh) {
  ({ runCli } = await import(new URL('../dist-cli/gatehouse.mjs', import.meta.url).href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ runCli } = await import('../src/cli/main.ts'));
}
process.exitCode = await runCli(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env });
