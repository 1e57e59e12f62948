#!/usr/bin/env node
// Writes out/licenses.json, shown by About Gatehouse: every package that ships in the app, with
// its licence. Those are the runtime dependencies electron-builder packs (package-lock.json,
// neither dev nor dev-optional, and installed on the machine that builds), the packages the renderer's bundle holds (listed by its build in
// out/renderer/bundled-packages.json) and Electron itself. Run by `npm run build`.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));

/** The licence a package declares: its lock entry, else its package.json (the lock leaves some out). */
function licenseOf(path, info) {
  if (typeof info.license === 'string') return info.license;
  try {
    const pkg = JSON.parse(readFileSync(join(ROOT, path, 'package.json'), 'utf8'));
    return typeof pkg.license === 'string' ? pkg.license : 'see the package';
  } catch {
    return 'see the package';
  }
}

const shipped = new Map();
const add = (path) => {
  const info = lock.packages[path];
  if (!info) throw new Error(`licenses: ${path} is not in package-lock.json`);
  const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
  shipped.set(`${name}@${info.version}`, { name, version: info.version, license: licenseOf(path, info) });
};
// Of the optional per-platform packages of a native module only this machine's is installed, and
// ships; any other runtime package missing is an install gone wrong, said rather than left out.
for (const [path, info] of Object.entries(lock.packages)) {
  if (!path.startsWith('node_modules/') || info.dev || info.devOptional) continue;
  if (existsSync(join(ROOT, path, 'package.json'))) add(path);
  else if (!info.optional) throw new Error(`licenses: ${path} is a runtime dependency but is not installed (npm ci first)`);
}
const bundled = join(ROOT, 'out', 'renderer', 'bundled-packages.json');
if (!existsSync(bundled)) throw new Error('licenses: build the renderer first (out/renderer/bundled-packages.json is missing)');
for (const name of JSON.parse(readFileSync(bundled, 'utf8'))) add(`node_modules/${name}`);
add('node_modules/electron');

const list = [...shipped.values()].sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
writeFileSync(join(ROOT, 'out', 'licenses.json'), `${JSON.stringify(list, null, 1)}\n`);
