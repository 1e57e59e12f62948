#!/usr/bin/env node
// `npm run mutate`: Stryker over the security paths (stryker.config.mjs), under the throwaway
// keychain the integration tests need, then one line per area and one in all from the JSON
// report. docs/testing.md says how to read it. Extra arguments go to Stryker, for example
// `npm run mutate -- --mutate src/main/common/throttle.ts` while working on one file.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const REPORT = 'reports/mutation/mutation.json';
const AREAS = [
  ['common', 'src/main/common/'],
  ['core', 'src/main/core/'],
  ['ipc', 'src/main/ipc/'],
  ['store', 'src/main/store/'],
];

const run = spawnSync('node', ['scripts/with-keyring.js', 'npx', 'stryker', 'run', ...process.argv.slice(2)], { stdio: 'inherit' });
if (run.status !== 0 || !existsSync(REPORT)) process.exit(run.status || 1);

const { files } = JSON.parse(readFileSync(REPORT, 'utf8'));
/** Killed or timed out counts as detected; compile errors, runtime errors and ignored mutants do not count at all. */
function score(paths) {
  const counts = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, Ignored: 0 };
  for (const path of paths) for (const mutant of files[path].mutants) if (mutant.status in counts) counts[mutant.status] += 1;
  const detected = counts.Killed + counts.Timeout;
  const valid = detected + counts.Survived + counts.NoCoverage;
  return { ...counts, percent: valid === 0 ? 100 : (100 * detected) / valid };
}
const line = (label, s) =>
  `${label.padEnd(6)} ${s.percent.toFixed(2).padStart(6)} %  killed ${s.Killed + s.Timeout}, survived ${s.Survived}, no coverage ${s.NoCoverage}, ignored ${s.Ignored}`;

const paths = Object.keys(files);
console.log('\nMutation score (detected / detected + survived + no coverage):');
for (const [label, prefix] of AREAS) {
  const inArea = paths.filter((p) => p.startsWith(prefix));
  if (inArea.length > 0) console.log(line(label, score(inArea)));
}
console.log(line('all', score(paths)));
console.log(`Report: ${REPORT.replace('.json', '')} (index.html, mutation.json)`);
