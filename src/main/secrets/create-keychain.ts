import type { Keychain, KeychainBackend } from './keychain.js';
import { createFileKeychain } from './file-keychain.js';
import { createMemoryKeychain } from './memory-keychain.js';
import { createOsKeychain } from './os-keychain.js';

export function createKeychain(backend: KeychainBackend, dataDir: string, warn: (message: string) => void): Keychain {
  switch (backend) {
    case 'os':
      return createOsKeychain();
    case 'file':
      return createFileKeychain(dataDir, warn);
    case 'memory':
      return createMemoryKeychain();
  }
}
