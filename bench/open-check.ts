/**
 * What the page check on open costs, by store size: opening a store (key proof, quick check,
 * schema) against opening it with the same key and reading one row without the check. Ratios
 * in one run; sizes are filled with audit-like rows.
 *
 *   npx tsx bench/open-check.ts       (SIZES_MB=1,16,64 by default)
 */
import Database from 'better-sqlite3-multiple-ciphers';
import { statSync } from 'node:fs';
import { cryptoRandom } from '../src/main/common/ports.js';
import { createMemoryKeychain } from '../src/main/secrets/memory-keychain.js';
import { createStore, openStore } from '../src/main/store/open.js';
import { tempDataDir } from '../test/support/cli.js';

const SIZES_MB = (process.env.SIZES_MB ?? '1,16,64').split(',').map(Number);
const ROUNDS = 7;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

console.log('| store size | open without check, ms | open with quick check, ms | ratio | ms per MB of check |');
console.log('| ---: | ---: | ---: | ---: | ---: |');
for (const mb of SIZES_MB) {
  const dataDir = tempDataDir('gatehouse-bench-');
  const keychain = createMemoryKeychain();
  const store = await createStore({ dataDir, keychain }, cryptoRandom, new Date());
  const rows = Math.ceil((mb * 1024 * 1024) / 260);
  store.transaction(() => {
    for (let i = 0; i < rows; i++) store.audit.append({ at: i, actor: 'anonymous', action: 'sign_in', outcome: 'failed', email: `user${i}@example.com`, detail: 'x'.repeat(150) });
  });
  const key = (await keychain.readStoreKey(store.storeId))!;
  store.close();
  const bare: number[] = [];
  const checked: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    let start = performance.now();
    const db = new Database(store.path, { readonly: true });
    db.pragma(`cipher = 'sqlcipher'`);
    db.pragma('legacy = 4');
    db.pragma(`key = "x'${key.toString('hex')}'"`);
    db.prepare('SELECT count(*) FROM users').get();
    db.close();
    bare.push(performance.now() - start);
    start = performance.now();
    (await openStore({ dataDir, keychain }, { readOnly: true })).close();
    checked.push(performance.now() - start);
  }
  const size = statSync(store.path).size / 1024 / 1024;
  const [b, c] = [median(bare), median(checked)];
  console.log(`| ${size.toFixed(1)} MB | ${b.toFixed(1)} | ${c.toFixed(1)} | ${(c / b).toFixed(1)}× | ${((c - b) / size).toFixed(2)} |`);
}
