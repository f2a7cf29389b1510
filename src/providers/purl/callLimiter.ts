import Bottleneck from 'bottleneck';

/**
 * The PURL client's two limits, both kept by bottleneck: `run` holds one of
 * `maxConcurrent` slots for a call (through its retries), `pace` spaces every
 * attempt `1000 / maxRps` ms apart. minTime rather than a reservoir: a
 * reservoir refilled each second lets a whole second's budget out in one
 * burst, minTime never does.
 *
 * One bottleneck limiter dispatches at most ~450 jobs/s on this machine class
 * (it schedules each job with its own timer). Above that, the limits are
 * split over `shards` limiters used in turn, each at its share of the rate
 * and of the slots, which adds up to exactly the configured limits.
 */
export const JOBS_PER_LIMITER = 250;

export class CallLimiter {
  private readonly slots: Bottleneck[];
  private readonly pacers: Bottleneck[];
  private nextSlot = 0;
  private nextPacer = 0;

  constructor(options: { maxRps: number; maxConcurrent: number }) {
    const maxConcurrent = Math.floor(options.maxConcurrent);
    const shards = Math.max(1, Math.min(Math.ceil(options.maxRps / JOBS_PER_LIMITER), maxConcurrent));
    this.slots = Array.from(
      { length: shards },
      (_, i) =>
        new Bottleneck({ maxConcurrent: Math.floor(maxConcurrent / shards) + (i < maxConcurrent % shards ? 1 : 0) }),
    );
    this.pacers = Array.from({ length: shards }, () => new Bottleneck({ minTime: (1000 * shards) / options.maxRps }));
  }

  /** Runs `work` in a concurrency slot. */
  run<T>(work: () => Promise<T>): Promise<T> {
    const limiter = this.slots[this.nextSlot++ % this.slots.length] as Bottleneck;
    return limiter.schedule(work);
  }

  /** Resolves when the next attempt may start. */
  pace(): Promise<void> {
    const limiter = this.pacers[this.nextPacer++ % this.pacers.length] as Bottleneck;
    return limiter.schedule(async () => undefined);
  }

  /** Queued calls fail with a BottleneckError. */
  async stop(): Promise<void> {
    await Promise.all([...this.slots, ...this.pacers].map((limiter) => limiter.stop({ dropWaitingJobs: true })));
  }
}
