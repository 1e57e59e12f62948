// Child process for the durability test: commits one account, then dies (SIGKILL, no cleanup)
// in the middle of a transaction that added another.
import { createFileKeychain } from '../../src/main/secrets/file-keychain.js';
import { openStore } from '../../src/main/store/open.js';

const dataDir = process.argv[2]!;
const store = await openStore({ dataDir, keychain: createFileKeychain(dataDir, () => {}) });
const user = (email: string) => ({
  id: email,
  email,
  displayName: email,
  isAdmin: false,
  status: 'active' as const,
  passwordHash: null,
  passwordChangedAt: null,
  mustChangePassword: false,
  createdAt: Date.now(),
  lastSignInAt: null,
  emailVerifiedAt: null,
  phone: null,
  phoneVerifiedAt: null,
  requireMfa: false,
});
store.users.insert(user('committed@example.com'));
store.transaction(() => {
  store.users.insert(user('uncommitted@example.com'));
  for (let i = 0; i < 200; i++) store.audit.append({ at: i, actor: 'test', action: 'audit.prune', outcome: 'success', detail: 'y'.repeat(2000) });
  process.kill(process.pid, 'SIGKILL');
});
