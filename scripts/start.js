#!/usr/bin/env node
// npm start: builds the app and runs it in Electron. Where Electron's binary cannot be had
// (it is downloaded on first use, and some machines cannot reach its host), says so and points
// at `npm run preview`, which serves the same app to a browser.
import { spawnSync } from 'node:child_process';
import { electronBinary } from './electron-binary.js';

const build = spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

let binary = electronBinary();
if (!binary) {
  // Electron 45 fetches its binary on first use: give it that chance once.
  spawnSync('npx', ['electron', '--version'], { stdio: 'ignore', timeout: 120_000 });
  binary = electronBinary();
}
if (!binary) {
  console.error(
    [
      '',
      'Gatehouse: the Electron binary is not installed and could not be downloaded on this machine.',
      'To use the same app in a browser instead, run:',
      '',
      '    npm run preview',
      '',
      'and open the address it prints (http://gatehouse.localhost:PORT/).',
    ].join('\n'),
  );
  process.exit(1);
}
const run = spawnSync(binary, ['.'], { stdio: 'inherit' });
process.exit(run.status ?? 0);
