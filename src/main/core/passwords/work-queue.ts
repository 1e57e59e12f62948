import { GatehouseError } from '../../common/errors.js';

/**
 * A budget of `lanes` threads shared by jobs that each take a number of them (an Argon2 hash
 * takes its parallelism), the rest waiting in order. Argon2 runs on libuv's thread pool, which
 * also reads files and answers DNS: without a cap, a burst of sign-ins fills every thread with
 * hashing and the app stops answering. A job wider than the budget runs alone, never not at all.
 */
export class WorkQueue {
  private busyLanes = 0;
  private running = 0;
  private readonly waiting: { lanes: number; start: () => void }[] = [];
  /** The most jobs ever seen running at once, and the most lanes (for tests and benchmarks). */
  peakActive = 0;
  peakLanes = 0;

  constructor(
    readonly lanes: number,
    /** How many may wait before new sign-ins are told to try again. */
    readonly maxWaiting: number,
    /** How many jobs at once whatever their lanes: each also holds a thread of libuv's pool. */
    readonly maxJobs: number = lanes,
  ) {}

  private entered = 0;

  /**
   * Admits one caller that will queue work (a sign-in), or refuses at once with `busy` when as
   * many are already in as can run and wait. Counted synchronously, so that a burst arriving in
   * one tick is refused as surely as one spread out. Returns the way out: call it when done.
   */
  enter(): () => void {
    if (this.entered >= Math.min(this.lanes, this.maxJobs) + this.maxWaiting) {
      throw new GatehouseError('busy', 'Gatehouse is busy checking other sign-ins. Try again in a moment.');
    }
    this.entered++;
    let left = false;
    return () => {
      if (!left) this.entered--;
      left = true;
    };
  }

  /** Runs `job`, which keeps `lanes` threads busy, once that many are free (in order of arrival). */
  async run<T>(job: () => Promise<T>, lanes = 1): Promise<T> {
    const need = Math.max(1, Math.min(Math.floor(lanes) || 1, this.lanes));
    if (this.waiting.length > 0 || !this.fits(need)) await new Promise<void>((start) => this.waiting.push({ lanes: need, start }));
    else this.take(need);
    try {
      return await job();
    } finally {
      this.busyLanes -= need;
      this.running--;
      // Start the jobs next in line that now fit, in order: a wide one first in line is never overtaken.
      while (this.waiting.length > 0 && this.fits(this.waiting[0]!.lanes)) {
        const next = this.waiting.shift()!;
        this.take(next.lanes);
        next.start();
      }
    }
  }

  private fits(lanes: number): boolean {
    return this.running === 0 || (this.busyLanes + lanes <= this.lanes && this.running < this.maxJobs);
  }

  private take(lanes: number): void {
    this.busyLanes += lanes;
    this.running++;
    this.peakActive = Math.max(this.peakActive, this.running);
    this.peakLanes = Math.max(this.peakLanes, this.busyLanes);
  }
}
