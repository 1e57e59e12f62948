import { describe, expect, it } from 'vitest';
import { WorkQueue } from './work-queue.js';

/** A job that finishes when told to. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, job: () => opened.then(() => 'done') };
}

/** Queues one gated job per width (lanes); `started` lists, in order, the jobs that began. */
function queueJobs(queue: WorkQueue, widths: number[]) {
  const gates = widths.map(() => gate());
  const started: number[] = [];
  const runs = gates.map((g, i) => queue.run(() => (started.push(i), g.job()), widths[i]));
  /** Lets job `i` finish, and waits until the queue has started whatever comes next. */
  const finish = async (...which: number[]) => {
    which.forEach((i) => gates[i]!.open());
    await Promise.all(which.map((i) => runs[i]));
    await Promise.resolve();
  };
  return { started, runs, finish };
}

describe('WorkQueue', () => {
  it('runs as many one-lane jobs as it has lanes, the rest in order as lanes free up', async () => {
    const queue = new WorkQueue(2, 10);
    const { started, runs, finish } = queueJobs(queue, [1, 1, 1]);
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    await finish(1);
    expect(started).toEqual([0, 1, 2]);
    await finish(0, 2);
    expect(await Promise.all(runs)).toEqual(['done', 'done', 'done']);
    expect(queue.peakActive).toBe(2);
    // Every slot given back: two more run at once.
    const more = queueJobs(queue, [1, 1]);
    await Promise.resolve();
    expect(more.started).toEqual([0, 1]);
    await more.finish(0, 1);
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
    // Two lanes, two lanes, one lane, four lanes (wider than the budget).
    const { started, finish } = queueJobs(queue, [2, 2, 1, 4]);
    await Promise.resolve();
    // The second does not fit beside the first; the third, which would, does not overtake it.
    expect(started).toEqual([0]);
    await finish(0);
    expect(started).toEqual([0, 1, 2]);
    await finish(1, 2);
    expect(started).toEqual([0, 1, 2, 3]);
    await finish(3);
    expect(queue.peakLanes).toBe(3);
    expect(queue.peakActive).toBe(2);
  });

  it('runs no more jobs at once than it may, however few lanes they take', async () => {
    const queue = new WorkQueue(8, 10, 2);
    const { started, finish } = queueJobs(queue, [1, 1, 1]);
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    await finish(0);
    expect(started).toEqual([0, 1, 2]);
    await finish(1, 2);
    expect(queue.peakActive).toBe(2);
  });
});
