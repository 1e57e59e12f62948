import { spawnSync } from 'node:child_process';
import { npmSpawnOptions } from '../../scripts/start.js';

/** One build of the renderer and the HTTP bridge for the whole run. */
export default function globalSetup(): void {
  const build = spawnSync('npm', ['run', '--silent', 'build'], { stdio: ['ignore', 'ignore', 'inherit'], ...npmSpawnOptions(process.platform) });
  if (build.status !== 0) throw new Error('npm run build failed');
}
