// scripts/electron-binary.js finds Electron as Electron itself does: ELECTRON_OVERRIDE_DIST_PATH
// is the folder the executable is in, and no binary there means none (the Electron spec then
// skips, saying why), never a folder handed to the launcher as if it were one.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { electronBinary, executableInDist, packagedApp } from '../../scripts/electron-binary.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'gatehouse-electron-binary-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function file(path: string): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, '');
  return path;
}

describe('electronBinary', () => {
  it('takes ELECTRON_OVERRIDE_DIST_PATH as the folder and adds the executable of each OS', () => {
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      const dist = join(root, platform);
      const binary = file(join(dist, executableInDist(platform)));
      expect(electronBinary({ env: { ELECTRON_OVERRIDE_DIST_PATH: dist }, platform, electronDir: null })).toBe(binary);
    }
    expect(executableInDist('darwin')).toBe('Electron.app/Contents/MacOS/Electron');
    expect(executableInDist('win32')).toBe('electron.exe');
  });

  it('uses the name the install recorded in path.txt, under the override too', () => {
    const electronDir = join(root, 'node_modules', 'electron');
    file(join(electronDir, 'path.txt'));
    writeFileSync(join(electronDir, 'path.txt'), 'custom-electron');
    const installed = file(join(electronDir, 'dist', 'custom-electron'));
    expect(electronBinary({ env: {}, platform: 'linux', electronDir })).toBe(installed);
    const overridden = file(join(root, 'elsewhere', 'custom-electron'));
    expect(electronBinary({ env: { ELECTRON_OVERRIDE_DIST_PATH: join(root, 'elsewhere') }, platform: 'linux', electronDir })).toBe(overridden);
  });

  it('is null when there is no binary: an override folder without one, an install that never downloaded, no install', () => {
    mkdirSync(join(root, 'empty'));
    expect(electronBinary({ env: { ELECTRON_OVERRIDE_DIST_PATH: join(root, 'empty') }, platform: 'linux', electronDir: null })).toBeNull();
    // The folder itself is never taken for the binary.
    expect(electronBinary({ env: { ELECTRON_OVERRIDE_DIST_PATH: root }, platform: 'linux', electronDir: null })).toBeNull();
    const electronDir = join(root, 'node_modules', 'electron');
    mkdirSync(electronDir, { recursive: true });
    expect(electronBinary({ env: {}, platform: 'linux', electronDir })).toBeNull();
    expect(electronBinary({ env: {}, platform: 'linux', electronDir: null })).toBeNull();
  });
});

describe('packagedApp', () => {
  it('finds the app electron-builder unpacked for each OS, and none where it made none', () => {
    expect(packagedApp(root, 'linux')).toBeNull();
    expect(packagedApp(join(root, 'missing'), 'win32')).toBeNull();
    const linux = file(join(root, 'linux-arm64-unpacked', 'gatehouse-desktop'));
    expect(packagedApp(root, 'linux')).toBe(linux);
    const windows = file(join(root, 'win-unpacked', 'Gatehouse.exe'));
    expect(packagedApp(root, 'win32')).toBe(windows);
    const mac = file(join(root, 'mac-arm64', 'Gatehouse.app', 'Contents', 'MacOS', 'Gatehouse'));
    expect(packagedApp(root, 'darwin')).toBe(mac);
  });
});
