import { describe, expect, it } from 'vitest';
import { WorkQueue } from './work-queue.js';

/** A job that finishes when told to. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, job: () => opened.then(() => 'done') };
}

describe('WorkQueue', () => {
  it('runs as many one-lane jobs as it has lanes, the rest in order as lanes free up', async () => {
    const queue = new WorkQueue(2, 10);
    const gates = [gate(), gate(), gate()];
    const started: number[] = [];
    const runs = gates.map((g, i) => queue.run(() => (started.push(i), g.job())));
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    gates[1]!.open();
    await runs[1];
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2]);
    gates[0]!.open();
    gates[2]!.open();
    expect(await Promise.all(runs)).toEqual(['done', 'done', 'done']);
    expect(queue.peakActive).toBe(2);
    // Every slot given back: two more run at once.
    const more = [gate(), gate()];
    const next: number[] = [];
    const again = more.map((g, i) => queue.run(() => (next.push(i), g.job())));
    await Promise.resolve();
    expect(next).toEqual([0, 1]);
    more.forEach((g) => g.open());
    await Promise.all(again);
  });

  it('admits as many callers as can run plus maxWaiting, refuses the next with busy, and counts a caller who leaves twice once', () => {
    const queue = new WorkQueue(1, 2);
    const leaves = [queue.enter(), queue.enter(), queue.enter()];
    expect(() => queue.enter()).toThrow(expect.objectContaining({ code: 'busy', message: 'Gatehouse is busy checking other sign-ins. Try again in a moment.' }));
    leaves[0]!();
    leaves[0]!();
    const back = queue.enter();
    expect(() => queue.enter()).toThrow(expect.objectContaining({ code: 'busy' }));
    back();
    leaves[1]!();
    queue.enter();
    queue.enter();
    expect(() => queue.enter()).toThrow(expect.objectContaining({ code: 'busy' }));
    // Four lanes but one job at a time: one runs, two wait, the fourth is told to try again.
    const narrow = new WorkQueue(4, 2, 1);
    narrow.enter();
    narrow.enter();
    narrow.enter();
    expect(() => narrow.enter()).toThrow(expect.objectContaining({ code: 'busy' }));
  });

  it('gives a job as many lanes as it asks for, keeps the order of arrival, and runs a job wider than the budget alone', async () => {
    const queue = new WorkQueue(3, 10);
    const gates = [gate(), gate(), gate(), gate()];
    const started: number[] = [];
    // Two lanes, two lanes, one lane, four lanes (wider than the budget).
    const widths = [2, 2, 1, 4];
    const runs = gates.map((g, i) => queue.run(() => (started.push(i), g.job()), widths[i]));
    await Promise.resolve();
    // The second does not fit beside the first; the third, which would, does not overtake it.
    expect(started).toEqual([0]);
    gates[0]!.open();
    await runs[0];
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2]);
    gates[1]!.open();
    gates[2]!.open();
    await Promise.all([runs[1], runs[2]]);
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2, 3]);
    gates[3]!.open();
    await runs[3];
    expect(queue.peakLanes).toBe(3);
    expect(queue.peakActive).toBe(2);
  });

  it('runs no more jobs at once than it may, however few lanes they take', async () => {
    const queue = new WorkQueue(8, 10, 2);
    const gates = [gate(), gate(), gate()];
    const started: number[] = [];
    const runs = gates.map((g, i) => queue.run(() => (started.push(i), g.job()), 1));
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    gates[0]!.open();
    await runs[0];
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2]);
    gates[1]!.open();
    gates[2]!.open();
    await Promise.all(runs);
    expect(queue.peakActive).toBe(2);
  });
});
