import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'bench/**/*.test.ts', 'test/lint/**/*.test.ts', 'test/delivery/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/cli/**/*.test.ts'],
          setupFiles: ['test/support/require-keyring.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // CLI tests spawn processes that each hash with Argon2 (128 MiB): two cores, two workers.
          maxWorkers: 2,
        },
      },
    ],
  },
});
