#!/usr/bin/env node
// npm start: builds the app and runs it in Electron. Where Electron's binary cannot be had
// (it is downloaded on first use, and some machines cannot reach its host), says so and points
// at `npm run preview`, which serves the same app to a browser. Exits with Electron's status,
// or 1 with a message when it could not run or was killed: never 0 for an app that never ran.
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { electronBinary } from './electron-binary.js';

/**
 * How to spawn an npm tool: on Windows `npm` and `npx` are `.cmd` files, which Node runs only
 * through a shell (and refuses with EINVAL otherwise, since CVE-2024-27980).
 * @param {NodeJS.Platform} platform
 */
export function npmSpawnOptions(platform) {
  return platform === 'win32' ? { shell: true } : {};
}

/**
 * The exit status for a finished child, and what to say when it did not finish by itself.
 * @param {string} what
 * @param {import('node:child_process').SpawnSyncReturns<unknown>} result
 * @returns {{ code: number, message?: string }}
 */
export function outcomeOf(what, result) {
  if (result.error) return { code: 1, message: `Gatehouse: ${what} could not run: ${result.error.message}` };
  if (result.signal) return { code: 1, message: `Gatehouse: ${what} was stopped by ${result.signal}.` };
  return { code: result.status ?? 1 };
}

function finish(what, result) {
  const { code, message } = outcomeOf(what, result);
  if (message) console.error(message);
  return code;
}

function main() {
  const shell = npmSpawnOptions(process.platform);
  const built = finish('the build (npm run build)', spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit', ...shell }));
  if (built !== 0) return built;

  let binary = electronBinary();
  if (!binary) {
    // Electron 45 fetches its binary on first use: give it that chance once.
    spawnSync('npx', ['electron', '--version'], { stdio: 'ignore', timeout: 120_000, ...shell });
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
    return 1;
  }
  // The binary is a real executable (no shell): its path may hold spaces.
  return finish(`Electron (${binary})`, spawnSync(binary, ['.'], { stdio: 'inherit' }));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exit(main());
