/**
 * `npm run bench`: every benchmark, as ratios to a floor measured in the same run, printed as
 * Markdown and written to docs/benchmarks.md. `npm run bench -- --quick` runs each with few
 * rounds and small sizes, to prove they still run (npm test does); its figures mean little and
 * are not written. `--only NAME` runs one suite.
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { markdown, met, type Section } from './lib.js';
import { cliSuite } from './suites/cli.js';
import { eventLoopSuite } from './suites/event-loop.js';
import { queriesSuite } from './suites/queries.js';
import { rendererSuite } from './suites/renderer.js';
import { signInSuite } from './suites/sign-in.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;

const suites: Record<string, (quick: boolean) => Promise<Section>> = {
  'sign-in': signInSuite,
  cli: cliSuite,
  'event-loop': eventLoopSuite,
  renderer: rendererSuite,
  queries: queriesSuite,
};

const sections: Section[] = [];
for (const [name, suite] of Object.entries(suites)) {
  if (only && only !== name) continue;
  process.stderr.write(`bench: ${name}…\n`);
  const section = await suite(quick);
  sections.push(section);
  process.stdout.write(`${markdown(section)}\n`);
}

const missed = sections.flatMap((section) => section.rows.filter((row) => met(row) === false).map((row) => `${section.title}: ${row.figure}`));
const load = loadavg()
  .map((x) => x.toFixed(2))
  .join(', ');
const summary = `${sections.reduce((n, s) => n + s.rows.filter((r) => met(r) !== null).length, 0) - missed.length} targets met, ${missed.length} missed${missed.length ? `: ${missed.join('; ')}` : ''}.`;
process.stdout.write(`${summary}\n`);
if (!quick && !only) {
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, Node ${process.versions.node}, ${process.platform}; load average at the end ${load}`;
  const head = `# Benchmarks

Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)} (${machine}).

Every figure is a ratio, never a time: each case is timed against a floor measured in the same
run, round by round (floor, case, floor, case, …), and the table gives the median, smallest and
largest of the per-round ratios. On a shared, noisy machine a time means little; a ratio to
work done a moment before on the same machine means much more. A target is a ratio too; "met"
compares the median. The floor's own median time is given beside it, for orientation only.

${summary}

`;
  writeFileSync(join(import.meta.dirname, '..', 'docs', 'benchmarks.md'), head + sections.map(markdown).join('\n'));
}
