// Where Electron's binary is on this machine, if anywhere: under ELECTRON_OVERRIDE_DIST_PATH, or
// a normal install. Found without require('electron'), which would start a download.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The executable's path inside Electron's dist folder, as Electron's own install writes it to
 * path.txt (electron/install.js).
 * @param {NodeJS.Platform} platform
 */
export function executableInDist(platform) {
  if (platform === 'darwin' || platform === 'mas') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

/**
 * The binary, or null when there is none. ELECTRON_OVERRIDE_DIST_PATH names a folder, as
 * Electron reads it (electron/index.js joins it with the executable's name), not the binary.
 * @param {{ env?: NodeJS.ProcessEnv, platform?: NodeJS.Platform, electronDir?: string | null }} [where]
 * @returns {string | null}
 */
export function electronBinary({ env = process.env, platform = process.platform, electronDir = installedElectron() } = {}) {
  const pathFile = electronDir ? join(electronDir, 'path.txt') : null;
  const recorded = pathFile && existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  const binary = override ? join(override, recorded || executableInDist(platform)) : recorded && electronDir ? join(electronDir, 'dist', recorded) : null;
  return binary && existsSync(binary) ? binary : null;
}

function installedElectron() {
  try {
    return dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return null;
  }
}

/**
 * The packaged app electron-builder made in `distDir` (`npm run package:dir`) for this OS, or
 * null: dist/linux-unpacked (or linux-arm64-unpacked), win-unpacked, mac (or mac-arm64).
 * @param {string} distDir
 * @param {NodeJS.Platform} [platform]
 * @returns {string | null}
 */
export function packagedApp(distDir, platform = process.platform) {
  const candidates =
    platform === 'win32'
      ? ['win-unpacked/Gatehouse.exe', 'win-arm64-unpacked/Gatehouse.exe']
      : platform === 'darwin'
        ? ['mac/Gatehouse.app/Contents/MacOS/Gatehouse', 'mac-arm64/Gatehouse.app/Contents/MacOS/Gatehouse']
        : ['linux-unpacked/gatehouse-desktop', 'linux-arm64-unpacked/gatehouse-desktop'];
  return candidates.map((candidate) => join(distDir, candidate)).find((path) => existsSync(path)) ?? null;
}
