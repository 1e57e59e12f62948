import { GatehouseError } from '../../common/errors.js';

/**
 * At most `concurrency` jobs at a time, the rest waiting in order. Argon2 runs on libuv's thread
 * pool, which also reads files and answers DNS: without a cap, a burst of sign-ins fills every
 * thread with hashing and the app stops answering.
 */
export class WorkQueue {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  /** The most jobs ever seen running at once (for tests and benchmarks). */
  peakActive = 0;

  constructor(
    readonly concurrency: number,
    /** How many may wait before new sign-ins are told to try again. */
    readonly maxWaiting: number,
  ) {}

  private entered = 0;

  /**
   * Admits one caller that will queue work (a sign-in), or refuses at once with `busy` when as
   * many are already in as can run and wait. Counted synchronously, so that a burst arriving in
   * one tick is refused as surely as one spread out. Returns the way out: call it when done.
   */
  enter(): () => void {
    if (this.entered >= this.concurrency + this.maxWaiting) {
      throw new GatehouseError('busy', 'Gatehouse is busy checking other sign-ins. Try again in a moment.');
    }
    this.entered++;
    let left = false;
    return () => {
      if (!left) this.entered--;
      left = true;
    };
  }

  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.active >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    this.peakActive = Math.max(this.peakActive, this.active);
    try {
      return await job();
    } finally {
      // Hand the slot straight to the next job, or give it back.
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
