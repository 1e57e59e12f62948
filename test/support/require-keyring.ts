import { HAS_TEST_KEYRING } from './cli.js';

// Integration tests use the real OS keychain; outside scripts/with-keyring.js they would touch
// the developer's own keychain, or fail for want of one. Refuse loudly rather than skip.
if (!HAS_TEST_KEYRING) {
  throw new Error('Integration tests need the throwaway keychain: run them with "npm run test:integration" (scripts/with-keyring.js).');
}
