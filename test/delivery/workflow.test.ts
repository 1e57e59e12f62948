// The desktop workflow (.github/workflows/desktop.yml) cannot run here: Electron cannot be
// downloaded on these machines. It is kept honest here instead: valid against GitHub's workflow
// schema (action-validator, the schema compiled in, no network), building and testing on each OS
// and CPU, and running only npm scripts, each one `npm test` runs too unless it needs Electron.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const { validateWorkflow } = createRequire(import.meta.url)('@action-validator/core') as {
  validateWorkflow(source: string): { errors: { title: string; path?: string }[] };
};
const source = readFileSync(join(ROOT, '.github', 'workflows', 'desktop.yml'), 'utf8');

interface Step {
  name?: string;
  if?: string;
  run?: string;
  uses?: string;
  with?: Record<string, string | boolean>;
  env?: Record<string, string | boolean>;
}
const workflow = load(source) as { jobs: { desktop: { 'runs-on': string; strategy: { matrix: { include: { runner: string }[] } }; steps: Step[] } } };
const job = workflow.jobs.desktop;
const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
const testAll = readFileSync(join(ROOT, 'scripts', 'test-all.js'), 'utf8');
/** What only a machine with Electron can run: making the app and its installers. */
const NEEDS_ELECTRON = ['package:dir', 'package'];

describe('the desktop workflow', () => {
  it('is a valid GitHub Actions workflow, and the validator refuses one that is not', () => {
    expect(validateWorkflow(source).errors).toEqual([]);
    const broken = source.replace('runs-on: ${{ matrix.runner }}', 'runs-on: ${{ matrix.runner }}\n    timeout: 5');
    expect(validateWorkflow(broken).errors).not.toEqual([]);
  });

  it('builds on Linux, Windows and macOS, each CPU on its own runner', () => {
    const runners = job.strategy.matrix.include.map((entry) => entry.runner);
    expect(runners).toEqual(
      expect.arrayContaining([expect.stringMatching(/^ubuntu-/), expect.stringMatching(/^ubuntu-.*-arm$/), expect.stringMatching(/^windows-/), 'macos-15', 'macos-15-intel']),
    );
    expect(job['runs-on']).toBe('${{ matrix.runner }}');
  });

  it('runs only npm scripts that exist, and each one npm test runs here unless it needs Electron', () => {
    const commands = job.steps.flatMap((step) => (step.run ? [step.run] : []));
    const named = commands.flatMap((command) => [...command.matchAll(/\bnpm run ([\w:-]+)/g)].map((match) => match[1]!));
    expect(new Set(named)).toEqual(new Set(['build', 'test:unit', 'package:dir', 'test:electron', 'package']));
    for (const script of named) {
      expect(scripts[script], `npm script ${script}`).toBeDefined();
      if (!NEEDS_ELECTRON.includes(script)) expect(testAll, `npm test runs ${script}`).toContain(`'run', '--silent', '${script}'`);
    }
    // Besides npm scripts: the install, the Linux packages, and the runner's user namespaces.
    expect(commands.filter((command) => !/\bnpm run /.test(command))).toEqual([
      'sudo apt-get update && sudo apt-get install -y xvfb gnome-keyring dbus-x11 libsecret-1-0 libgtk-3-0t64 libnss3 libgbm1 libasound2t64 fakeroot dpkg',
      'sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0',
      'npm ci',
    ]);
    // Packaging takes what the build step made: the app is built once.
    expect(scripts['package:dir']).toBe('electron-builder --dir --publish never');
    expect(scripts.package).toBe('electron-builder --publish never');
    expect(commands.indexOf('npm run build')).toBeLessThan(commands.indexOf('npm run package:dir'));
  });

  it('runs the Electron spec under a virtual display on Linux, and uploads the installers made on a tag', () => {
    const electron = job.steps.filter((step) => step.run?.includes('npm run test:electron'));
    expect(electron.map((step) => [step.if, step.run])).toEqual([
      ["runner.os == 'Linux'", 'xvfb-run --auto-servernum npm run test:electron'],
      ["runner.os != 'Linux'", 'npm run test:electron'],
    ]);
    const upload = job.steps.find((step) => step.uses?.startsWith('actions/upload-artifact') && step.if?.includes('refs/tags/v'));
    expect(
      String(upload?.with?.path ?? '')
        .split('\n')
        .filter(Boolean),
    ).toEqual(['dist/*.AppImage', 'dist/*.deb', 'dist/*.exe', 'dist/*.dmg']);
  });

  it('gives the signing secrets to the step that makes the installers, and to no other', () => {
    const withSecrets = job.steps.filter((step) => JSON.stringify(step).includes('secrets.'));
    expect(withSecrets.map((step) => step.run)).toEqual(['npm run package']);
    expect(JSON.stringify({ ...workflow.jobs.desktop, steps: [] })).not.toContain('secrets.');
    expect(job.steps[0]).toMatchObject({ uses: expect.stringMatching(/^actions\/checkout@/), with: { 'persist-credentials': false } });
  });
});
