// Mutation testing of the security paths (docs/testing.md says how to read the report).
// `npm run mutate` runs it under the throwaway keychain; `npm run mutate -- --mutate <glob>`
// narrows it to one file while you work on its tests.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts' },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.node.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  mutate: [
    'src/main/common/**/*.ts',
    'src/main/core/**/*.ts',
    'src/main/ipc/**/*.ts',
    'src/main/store/{users,passkeys,second-factors,throttle,audit,settings,providers}.ts',
    '!**/*.test.ts',
  ],
  // Not copied into Stryker's sandbox: reports, other sandboxes, builds, the local Node.
  ignorePatterns: ['/reports', '/.stryker-tmp*', '/test-results', '/playwright-report', '/out', '/.tools', '/.preview-data'],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  timeoutMS: 20_000,
  incremental: true,
  incrementalFile: 'reports/mutation/incremental.json',
  reporters: ['html', 'json', 'clear-text', 'progress'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportMutants: false },
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
