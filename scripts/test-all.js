#!/usr/bin/env node
// The one test command (README, .ci/run): type checks, lint, the formatter's check, then every suite, each through its
// own runner (Vitest: unit, integration, CLI; Playwright: Chromium e2e, Electron), a check that the
// mutation testing setup still runs, and a last line "N passed, N failed" that sums the suites' own counts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const reports = mkdtempSync(join(tmpdir(), 'gatehouse-test-reports-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
const problems = [];

function run(label, command, args, env = {}) {
  console.log(`\n━━ ${label}: ${[command, ...args].join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) problems.push(`${label} (exit ${result.status ?? result.signal})`);
  return result.status === 0;
}

// Tests run in a shuffled order, a new one each run, so that none leans on another's leftovers.
// The seed is printed: GATEHOUSE_TEST_SEED=<seed> npm test repeats an order that failed.
const seed = process.env.GATEHOUSE_TEST_SEED ?? String(Math.floor(Math.random() * 2 ** 31));
console.log(`Test order seed: ${seed}`);

/** Vitest's JSON report has the counts; a suite that crashed before reporting counts as failed. */
function vitest(label, command) {
  const report = join(reports, `${label}.json`);
  run(label, command[0], [...command.slice(1), '--sequence.shuffle', `--sequence.seed=${seed}`, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]);
  if (!existsSync(report)) {
    problems.push(`${label}: no report`);
    totals.failed += 1;
    return;
  }
  const counts = JSON.parse(readFileSync(report, 'utf8'));
  totals.passed += counts.numPassedTests;
  totals.failed += counts.numFailedTests;
  totals.skipped += counts.numPendingTests + counts.numTodoTests;
}

/** Playwright's JSON report: expected = passed, unexpected = failed; skips are reported with their reason. */
function playwright(label, command) {
  const report = join(reports, `${label}.json`);
  run(label, command[0], command.slice(1), { PLAYWRIGHT_JSON_OUTPUT_NAME: report });
  if (!existsSync(report)) {
    problems.push(`${label}: no report`);
    totals.failed += 1;
    return;
  }
  const { stats } = JSON.parse(readFileSync(report, 'utf8'));
  totals.passed += stats.expected + stats.flaky;
  totals.failed += stats.unexpected;
  totals.skipped += stats.skipped;
}

// The app, the bridge, the licences and the CLI bundle the CLI tests run (bin/gatehouse.js), from
// the sources as they are now. The steps written `npm run …` are the ones the desktop workflow
// runs too (.github/workflows/desktop.yml; test/delivery/workflow.test.ts holds them in step).
run('build', 'npm', ['run', '--silent', 'build']);
run('typecheck', 'npm', ['run', '--silent', 'typecheck']);
run('lint', 'npx', ['eslint', '.']);
run('format', 'npx', ['prettier', '--check', '.']);
vitest('unit', ['npm', 'run', '--silent', 'test:unit', '--']);
vitest('integration', ['npx', 'vitest', 'run', '--project', 'integration']);
playwright('e2e', ['npx', 'playwright', 'test', '--project', 'chromium']);
// Where Electron cannot be had, the spec says so and skips (its reason is printed).
playwright('electron', ['npm', 'run', '--silent', 'test:electron']);
// The benchmarks, with few rounds and small stores: proof that they still run (their figures are not kept).
run('bench (quick)', 'npx', ['tsx', 'bench/run.ts', '--quick']);
// `npm run mutate` takes half an hour on two cores: too long for every run. This proves that
// Stryker, its configuration and its Vitest runner still load and run (one small test file).
run('mutation config', 'npx', ['stryker', 'run', '--dryRunOnly', '--tempDirName', '.stryker-tmp-smoke', '--reporters', 'clear-text', '--logLevel', 'warn'], {
  GATEHOUSE_MUTATE_SMOKE: '1',
});

rmSync(reports, { recursive: true, force: true });
console.log('');
if (problems.length > 0) console.log(`Failed steps: ${problems.join(', ')} (test order seed ${seed})`);
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(problems.length > 0 || totals.failed > 0 ? 1 : 0);
