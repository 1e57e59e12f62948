// electron-builder.yml, the resources it names and the fuse table, held to what
// docs/packaging.md says of them: the installers cannot be made here (no Electron binary), so
// what goes into them is checked here, with electron-builder's own schema.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { FuseV1Options } from '@electron/fuses';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const config = load(read('electron-builder.yml')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const docs = read('docs/packaging.md');
const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string>; gatehouse: { macKeychainAccessGroup: string } };

/** A PNG's width and height, from its IHDR chunk. */
function pngSize(path: string): [number, number] {
  const bytes = readFileSync(join(ROOT, path));
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

/** The rows of the first Markdown table under `heading` in docs/packaging.md. */
function documentedTable(heading: string): string[][] {
  const lines = docs.slice(docs.indexOf(`## ${heading}`)).split('\n');
  const start = lines.findIndex((line) => line.startsWith('|'));
  const end = lines.findIndex((line, i) => i > start && !line.startsWith('|'));
  // The header and its rule first, then the rows.
  return lines.slice(start + 2, end).map((line) =>
    line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim()),
  );
}

describe('electron-builder.yml', () => {
  it("passes electron-builder's own schema, which refuses a key it does not know", async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as { validateConfiguration(c: unknown, l: unknown): Promise<void> };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...config, linux: { ...config.linux, afterInstall: 'x.sh' } }, new DebugLogger(false))).rejects.toThrow(/configuration.linux/);
  });

  it('names the app, and packs the built app and nothing of its sources or build tools', () => {
    expect(config).toMatchObject({ appId: 'app.gatehouse.desktop', productName: 'Gatehouse', copyright: expect.stringContaining('Gatehouse'), asar: true });
    expect(config.files).toEqual(['out/**', '!**/*.map', 'package.json', 'resources/common-passwords.txt', 'resources/common-passwords.LICENSE']);
    for (const tool of ['tsx', 'esbuild', 'vite', 'typescript', 'electron-vite', 'electron', 'electron-builder']) expect(pkg.dependencies[tool], tool).toBeUndefined();
  });

  it('unpacks exactly the three native modules from the asar, as documented, each glob finding its .node file', () => {
    expect(config.asarUnpack).toEqual([
      'node_modules/better-sqlite3-multiple-ciphers/**/*.node',
      'node_modules/@node-rs/argon2*/**/*.node',
      'node_modules/@napi-rs/keyring*/**/*.node',
    ]);
    for (const glob of config.asarUnpack as string[]) {
      expect(docs).toContain(`\`${glob}\``);
      const [scope, name] = glob.replace('node_modules/', '').replace('/**/*.node', '').split('/') as [string, string | undefined];
      const dir = join(ROOT, 'node_modules', name ? scope : '');
      const matching = readdirSync(dir).filter((entry) => new RegExp(`^${(name ?? scope).replace('*', '.*')}$`).test(entry));
      const nodeFiles = matching.flatMap((entry) => (readdirSync(join(dir, entry), { recursive: true }) as string[]).filter((f) => f.endsWith('.node')));
      expect(nodeFiles.length, glob).toBeGreaterThan(0);
    }
  });

  it('makes every icon from the one drawing, and says when the PNGs are older than it', () => {
    expect(config.icon).toBe('resources/icon.png');
    expect(pngSize('resources/icon.png')).toEqual([1024, 1024]);
    const linux = readdirSync(join(ROOT, 'resources', 'icons')).filter((f) => f.endsWith('.png'));
    expect(linux.length).toBeGreaterThanOrEqual(6);
    for (const file of linux) {
      const [side] = file.split('x');
      expect(pngSize(`resources/icons/${file}`)).toEqual([Number(side), Number(side)]);
    }
    const drawing = createHash('sha256')
      .update(readFileSync(join(ROOT, 'resources', 'icon.svg')))
      .digest('hex');
    expect(read('resources/icons/source.sha256').split(' ')[0], 'the icons are stale: run npm run icons').toBe(drawing);
  });

  it('Linux: AppImage and deb, a desktop entry, `gatehouse` on PATH as the command line, and the AppArmor profile instead of turning the sandbox off', () => {
    expect(config.linux).toMatchObject({ target: ['AppImage', 'deb'], executableName: 'gatehouse-desktop', category: 'Utility', icon: 'resources/icons', syncDesktopName: true });
    // The window's app id, which the desktop matches to the entry.
    expect(JSON.parse(read('package.json')).desktopName).toBe('gatehouse-desktop.desktop');
    expect(config.linux.desktop.entry).toMatchObject({ Name: 'Gatehouse', Categories: 'Utility;Security;' });
    expect(config.linux.extraResources).toEqual([{ from: 'resources/linux/gatehouse-cli.sh', to: 'bin/gatehouse' }]);
    const wrapper = read('resources/linux/gatehouse-cli.sh');
    // Windows keeps no execute bit; git does, and the Linux runners check it.
    if (process.platform !== 'win32') expect(statSync(join(ROOT, 'resources/linux/gatehouse-cli.sh')).mode & 0o111).not.toBe(0);
    expect(wrapper).toContain('exec "$here/../../gatehouse-desktop" --ozone-platform=headless --disable-gpu --cli "$@"');
    expect(config.deb).toEqual({
      afterInstall: 'resources/linux/after-install.sh',
      afterRemove: 'resources/linux/after-remove.sh',
      appArmorProfile: 'resources/linux/apparmor-profile',
    });
    expect(read('resources/linux/after-install.sh')).toContain("link '/opt/${sanitizedProductName}/resources/bin/gatehouse' '/usr/bin/gatehouse'");
    expect(read('resources/linux/after-remove.sh')).toContain(
      '[ "$(readlink /usr/bin/gatehouse)" = \'/opt/${sanitizedProductName}/resources/bin/gatehouse\' ] && rm -f /usr/bin/gatehouse',
    );
    expect(read('resources/linux/apparmor-profile')).toMatch(
      /profile "\$\{executable\}" "\/opt\/\$\{sanitizedProductName\}\/\$\{executable\}" flags=\(unconfined\) \{\r?\n\s+userns,/,
    );
    for (const file of readdirSync(join(ROOT, 'resources'), { recursive: true }) as string[]) {
      if (statSync(join(ROOT, 'resources', file)).isFile() && !file.endsWith('.png')) expect(read(`resources/${file}`), file).not.toContain('--no-sandbox');
    }
  });

  it('Windows: a per-user NSIS installer that never asks for administrator rights, with the command line beside the app', () => {
    expect(config.win.target).toBe('nsis');
    expect(config.nsis).toMatchObject({ perMachine: false, allowElevation: false, oneClick: false });
    expect(config.win.extraResources).toEqual([{ from: 'resources/windows/gatehouse.cmd', to: 'bin/gatehouse.cmd' }]);
    expect(read('resources/windows/gatehouse.cmd')).toMatch(/"%~dp0\.\.\\\.\.\\Gatehouse\.exe" --cli %\*\r?\nexit \/b %ERRORLEVEL%/);
  });

  it('macOS: a dmg with the hardened runtime, JIT for the app and its helpers, the passkeys keychain group, and nothing more', () => {
    expect(config.mac).toMatchObject({
      target: 'dmg',
      hardenedRuntime: true,
      entitlements: 'resources/entitlements.mac.plist',
      entitlementsInherit: 'resources/entitlements.mac.inherit.plist',
      notarize: true,
    });
    const main = read('resources/entitlements.mac.plist');
    const helpers = read('resources/entitlements.mac.inherit.plist');
    for (const plist of [main, helpers]) expect(plist).toMatch(/<key>com\.apple\.security\.cs\.allow-jit<\/key>\s*<true\/>/);
    expect(main).toContain(`<string>${pkg.gatehouse.macKeychainAccessGroup}</string>`);
    for (const weaker of ['disable-library-validation', 'allow-unsigned-executable-memory', 'allow-dyld-environment-variables']) {
      expect(main + helpers).not.toContain(weaker);
    }
  });
});

describe('the fuses', () => {
  it('are flipped as docs/packaging.md says, every one of them', () => {
    const { FUSES } = require('../../scripts/after-pack.cjs') as { FUSES: Record<number, boolean> };
    const documented = documentedTable('Fuses').map(([name, setting]) => [name, setting === 'on']);
    expect(documented.length).toBe(Object.keys(FUSES).length);
    for (const [name, on] of documented) expect(FUSES[FuseV1Options[name as keyof typeof FuseV1Options]], String(name)).toBe(on);
  });
});

describe('a signed macOS build', () => {
  it('stops while the passkeys keychain group still names no team', () => {
    const { checkTeamId } = require('../../scripts/after-pack.cjs') as { checkTeamId(platform: string, env: Record<string, string>, entitlements: string): void };
    const placeholder = read('resources/entitlements.mac.plist');
    expect(() => checkTeamId('darwin', { CSC_LINK: 'cert.p12' }, placeholder)).toThrow(/replace TEAMID with the signing team's ID/);
    // Unsigned, another OS, or a real team: it goes on.
    expect(() => checkTeamId('darwin', {}, placeholder)).not.toThrow();
    expect(() => checkTeamId('win32', { CSC_LINK: 'cert.p12' }, placeholder)).not.toThrow();
    expect(() => checkTeamId('darwin', { CSC_LINK: 'cert.p12' }, placeholder.replace('TEAMID.', 'A1B2C3D4E5.'))).not.toThrow();
  });
});
