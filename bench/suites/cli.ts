/**
 * How soon the admin CLI answers, against starting Node itself (`node -e 0`), in the same
 * rounds: `gatehouse --help`, and `users list` on an empty store (the file keychain, so that no
 * keychain service is needed). The CLI runs as installed: bin/gatehouse.js with its bundle.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { interleave, ratios, stats, type Section } from '../lib.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'gatehouse.js');

function node(args: string[], env: NodeJS.ProcessEnv = {}): void {
  const result = spawnSync(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0) throw new Error(`${args.join(' ')}: exit ${result.status}: ${result.stderr.toString()}`);
}

export async function cliSuite(quick: boolean): Promise<Section> {
  node([join(ROOT, 'scripts', 'build-cli.js')]);
  const dataDir = join(mkdtempSync(join(tmpdir(), 'gatehouse-bench-cli-')), 'data');
  const env = { GATEHOUSE_DATA_DIR: dataDir, GATEHOUSE_KEYCHAIN: 'file' };
  try {
    node([BIN, 'init'], env);
    const samples = await interleave(
      {
        'node -e 0': () => node(['-e', '0']),
        'gatehouse --help': () => node([BIN, '--help']),
        'gatehouse users list (empty store)': () => node([BIN, 'users', 'list'], env),
      },
      quick ? 3 : 21,
    );
    const floor = samples['node -e 0']!;
    const row = (figure: string, target: number) => ({ figure, floor: 'node -e 0', floorMs: stats(floor).median, ratio: ratios(samples[figure]!, floor), target });
    return {
      title: 'Command line start',
      about: 'Each command in a new process, as a person or a script runs it, against starting Node with nothing to do, in the same rounds.',
      rows: [row('gatehouse --help', 5), row('gatehouse users list (empty store)', 8)],
    };
  } finally {
    rmSync(join(dataDir, '..'), { recursive: true, force: true });
  }
}
