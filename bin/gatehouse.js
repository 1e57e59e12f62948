#!/usr/bin/env node
// The `gatehouse` admin command line: the bundle made at install (dist-cli/gatehouse.mjs), or
// the sources through tsx when it is missing or older than them (bin/load.js).
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(`gatehouse: Node.js 22.12 or later is required (this is ${process.versions.node}).\n`);
  process.exit(1);
}
const { load } = await import('./load.js');
const { runCli } = await load('gatehouse', 'cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env });
