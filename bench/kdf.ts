/**
 * Picks the Argon2id library and parameters: the three candidates hash the same password with
 * the same salt and parameters in one process, in rounds that alternate the order so that
 * neither warm-up nor noise from a shared machine favours one. Figures are medians, and
 * ratios are against @node-rs/argon2 measured in the same run.
 *
 *   npm run bench:kdf            (ROUNDS=9 by default)
 */
import { hash as nodeRsHash, type Algorithm } from '@node-rs/argon2';
import argon2 from 'argon2';
import { argon2id as wasmArgon2id } from 'hash-wasm';
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { DEFAULT_KDF, type KdfParams } from '../src/main/core/passwords/argon2.js';

const ROUNDS = Number(process.env.ROUNDS ?? 9);
const PASSWORD = 'correct horse battery staple';
const SALT = randomBytes(16);
const HASH_LENGTH = 32;

type Candidate = { name: string; run: (p: KdfParams) => Promise<Buffer> };

const candidates: Candidate[] = [
  {
    name: '@node-rs/argon2',
    run: async (p) => {
      const phc = await nodeRsHash(PASSWORD, {
        algorithm: 2 as Algorithm,
        memoryCost: p.memoryKiB,
        timeCost: p.iterations,
        parallelism: p.parallelism,
        salt: SALT,
        outputLen: HASH_LENGTH,
      });
      return Buffer.from(phc.split('$').at(-1)!, 'base64');
    },
  },
  {
    name: 'argon2',
    run: (p) =>
      argon2.hash(PASSWORD, { type: argon2.argon2id, memoryCost: p.memoryKiB, timeCost: p.iterations, parallelism: p.parallelism, salt: SALT, hashLength: HASH_LENGTH, raw: true }),
  },
  {
    name: 'hash-wasm',
    run: async (p) =>
      Buffer.from(
        await wasmArgon2id({
          password: PASSWORD,
          salt: SALT,
          parallelism: p.parallelism,
          iterations: p.iterations,
          memorySize: p.memoryKiB,
          hashLength: HASH_LENGTH,
          outputType: 'binary',
        }),
      ),
  },
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function time(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

async function compare(params: KdfParams): Promise<void> {
  const outputs = await Promise.all(candidates.map((c) => c.run(params)));
  const identical = outputs.every((o) => o.equals(outputs[0]!));
  const samples = new Map(candidates.map((c) => [c.name, [] as number[]]));
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? candidates : [...candidates].reverse();
    for (const c of order) samples.get(c.name)!.push(await time(() => c.run(params)));
  }
  const baseline = median(samples.get(candidates[0]!.name)!);
  console.log(`\nm=${params.memoryKiB / 1024} MiB, t=${params.iterations}, p=${params.parallelism} — outputs byte-identical: ${identical ? 'yes' : 'NO'}`);
  console.log('| library | median ms | ratio to @node-rs/argon2 |');
  console.log('| --- | ---: | ---: |');
  for (const c of candidates) {
    const m = median(samples.get(c.name)!);
    console.log(`| ${c.name} | ${m.toFixed(1)} | ${(m / baseline).toFixed(2)}× |`);
  }
}

async function chooseParameters(): Promise<void> {
  const options: KdfParams[] = [
    { memoryKiB: 65536, iterations: 3, parallelism: 1 },
    { memoryKiB: 65536, iterations: 3, parallelism: 2 },
    { memoryKiB: 131072, iterations: 3, parallelism: 1 },
    DEFAULT_KDF,
    { memoryKiB: 262144, iterations: 3, parallelism: 2 },
  ];
  const nodeRs = candidates[0]!;
  console.log('\nParameters with @node-rs/argon2 (one verification is one hash):');
  console.log('| parameters | median ms | ratio to 64 MiB, t=3, p=1 |');
  console.log('| --- | ---: | ---: |');
  let baseline = 0;
  for (const params of options) {
    const samples: number[] = [];
    for (let i = 0; i < ROUNDS; i++) samples.push(await time(() => nodeRs.run(params)));
    const m = median(samples);
    baseline ||= m;
    const mark = params === DEFAULT_KDF ? ' (default)' : '';
    console.log(`| m=${params.memoryKiB / 1024} MiB, t=${params.iterations}, p=${params.parallelism}${mark} | ${m.toFixed(1)} | ${(m / baseline).toFixed(2)}× |`);
  }
}

console.log(`Argon2id on ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.versions.node}, ${ROUNDS} rounds`);
await compare({ memoryKiB: 65536, iterations: 3, parallelism: 1 });
await compare(DEFAULT_KDF);
await chooseParameters();
