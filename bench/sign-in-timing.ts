/**
 * Does a sign-in for an unknown email take as long as one with a wrong password? Runs the real
 * core (real store, default Argon2id parameters) and interleaves the three cases so that
 * machine noise falls on all of them alike. Ratios are against the wrong-password case.
 *
 *   npx tsx bench/sign-in-timing.ts       (ROUNDS=15 by default)
 */
import { createCoreFixture, CLI_ACTOR } from '../test/support/core.js';
import { DEFAULT_KDF } from '../src/main/core/passwords/argon2.js';

const ROUNDS = Number(process.env.ROUNDS ?? 15);
const MINUTE = 60_000;
const f = await createCoreFixture(DEFAULT_KDF);
await f.core.prepare();
await f.core.accounts.create({ email: 'alice@example.com', password: 'correct horse battery' }, CLI_ACTOR);

const cases: Record<string, () => Promise<unknown>> = {
  'wrong password': () => f.core.signIn.password('alice@example.com', 'wrong horse battery'),
  'unknown email': () => f.core.signIn.password('nobody@example.com', 'wrong horse battery'),
  'right password': () => f.core.signIn.password('alice@example.com', 'correct horse battery'),
};
const samples: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, run] of Object.entries(cases)) {
    f.clock.advance(16 * MINUTE); // stay clear of the throttle: this measures hashing, not blocking
    const start = performance.now();
    await run();
    samples[name]!.push(performance.now() - start);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const baseline = median(samples['wrong password']!);
console.log(`Sign-in with m=${DEFAULT_KDF.memoryKiB / 1024} MiB, t=${DEFAULT_KDF.iterations}, p=${DEFAULT_KDF.parallelism}, ${ROUNDS} rounds`);
console.log('| case | median ms | ratio to wrong password |');
console.log('| --- | ---: | ---: |');
for (const name of Object.keys(cases)) console.log(`| ${name} | ${median(samples[name]!).toFixed(1)} | ${(median(samples[name]!) / baseline).toFixed(2)}× |`);
await f.cleanup();
