#!/usr/bin/env node
// The `gatehouse` admin command line. It runs the TypeScript sources through tsx, so that
// `npx gatehouse` works straight after `npm install`, with no build step.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(`gatehouse: Node.js 22.12 or later is required (this is ${process.versions.node}).\n`);
  process.exit(1);
}
const { register } = await import('tsx/esm/api');
register();
const { runCli } = await import('../src/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env });
