import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests: the real renderer in Debian's Chromium (never a downloaded browser),
 * served with the real main-process services by the preview server. The Electron project runs
 * where an Electron binary exists and says why it skips elsewhere.
 */
export const CHROMIUM_LAUNCH = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

export default defineConfig({
  globalSetup: './test/e2e/global-setup.ts',
  timeout: 90_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [['list'], ['json']] : [['list']],
  use: { launchOptions: CHROMIUM_LAUNCH, actionTimeout: 15_000, trace: 'off', screenshot: 'only-on-failure' },
  projects: [
    { name: 'chromium', testDir: 'test/e2e' },
    { name: 'electron', testDir: 'test/electron' },
  ],
});
