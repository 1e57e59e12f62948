import { defineConfig } from 'vitest/config';

// What `npm run mutate` runs against each mutant: the tests that call the security paths in this
// process (unit and integration). The CLI and browser suites start other processes, which never
// see Stryker's active mutant, so they would only cost time.
// GATEHOUSE_MUTATE_SMOKE=1 (npm test's "mutation config" step) runs one small test file only: it
// proves that Stryker, this configuration and the runner load and work, in seconds, not minutes.
const smoke = process.env.GATEHOUSE_MUTATE_SMOKE === '1';

export default defineConfig({
  test: {
    include: smoke ? ['src/main/common/throttle.test.ts'] : ['src/**/*.test.ts', 'test/integration/**/*.test.ts'],
    setupFiles: ['test/support/require-keyring.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
