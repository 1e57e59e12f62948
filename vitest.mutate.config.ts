import { defineConfig } from 'vitest/config';

// What `npm run mutate` runs against each mutant: the tests that call the security paths in this
// process (unit and integration). The CLI and browser suites start other processes, which never
// see Stryker's active mutant, so they would only cost time.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/integration/**/*.test.ts'],
    setupFiles: ['test/support/require-keyring.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
