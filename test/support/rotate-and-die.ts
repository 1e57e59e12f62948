// Child process for the key rotation tests: rotates the store key of the data folder in argv[2]
// (OS keychain), saying each step on standard output as it is done, and dies (SIGKILL, no
// cleanup) right after the step named in argv[3], if one is. The parent may also kill it at a
// moment of its own (in the middle of the rekey).
import { writeSync } from 'node:fs';
import { cryptoRandom } from '../../src/main/common/ports.js';
import { createOsKeychain } from '../../src/main/secrets/os-keychain.js';
import { openStore } from '../../src/main/store/open.js';
import { rotateStoreKey } from '../../src/main/store/rotation.js';

const [dataDir, dieAfter] = process.argv.slice(2);
const location = { dataDir: dataDir!, keychain: createOsKeychain() };
const store = await openStore(location);
await rotateStoreKey(location, store, cryptoRandom, (step) => {
  writeSync(1, `${step}\n`);
  if (step === dieAfter) process.kill(process.pid, 'SIGKILL');
});
writeSync(1, 'done\n');
store.close();
