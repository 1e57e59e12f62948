import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../test/support/fakes.js';
import { calibrate } from './calibrate.js';

/** A machine where a pass over 1 MiB takes 0.1 ms: 128 MiB at 2 passes is 25.6 ms. */
const machine = async ({ memoryMiB, iterations }: { memoryMiB: number; iterations: number }) => memoryMiB * iterations * 0.1;

describe('calibrating password hashing', () => {
  it('proposes as much memory as fits with 2 passes, up to 1 GiB', async () => {
    const { proposal, measured } = await calibrate(250, 2, seededRandom(), machine);
    // 1024 MiB × 2 passes = 205 ms fits; nothing above 1 GiB is tried on a desktop.
    expect(measured.map((m) => m.memoryMiB)).toEqual([19, 32, 64, 128, 256, 512, 1024]);
    expect(proposal).toMatchObject({ memoryMiB: 1024, iterations: 2, parallelism: 2 });
    expect(proposal!.ms).toBeLessThanOrEqual(250);
  });

  it('then as many passes as the rest of the target allows, and stops at the first size that misses it', async () => {
    // 256 MiB × 2 = 51 ms fits, 512 MiB × 2 = 102 ms does not: 256 MiB, and 3 passes (77 ms).
    const { proposal, measured } = await calibrate(100, 1, seededRandom(), machine);
    expect(proposal).toMatchObject({ memoryMiB: 256, iterations: 3, parallelism: 1 });
    expect(measured.at(-1)).toMatchObject({ memoryMiB: 512 });
  });

  it('proposes nothing when even the minimum (19 MiB, 2 passes) misses the target', async () => {
    expect(await calibrate(3, 1, seededRandom(), machine)).toEqual({ proposal: null, measured: [{ memoryMiB: 19, iterations: 2, parallelism: 1, ms: 3.8000000000000003 }] });
  });
});
