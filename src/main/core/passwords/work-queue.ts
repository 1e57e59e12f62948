import { GatehouseError } from '../errors.js';

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

  /** True when one more job would wait beyond `maxWaiting`. */
  get full(): boolean {
    return this.active >= this.concurrency && this.waiting.length >= this.maxWaiting;
  }

  /** Refuses at once, with a message for the user, when the queue is full. */
  assertRoom(): void {
    if (this.full) throw new GatehouseError('busy', 'Gatehouse is busy checking other sign-ins. Try again in a moment.');
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
