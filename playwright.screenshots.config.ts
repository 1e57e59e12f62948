import { defineConfig } from '@playwright/test';
import { CHROMIUM_LAUNCH } from './playwright.config.js';

/** `npm run screenshots`: the real UI, driven through its flows, saved to docs/screenshots. */
export default defineConfig({
  globalSetup: './test/e2e/global-setup.ts',
  testDir: 'test/screenshots',
  timeout: 120_000,
  workers: 1,
  reporter: [['list']],
  use: { launchOptions: CHROMIUM_LAUNCH, viewport: { width: 1100, height: 760 }, colorScheme: 'light' },
});
