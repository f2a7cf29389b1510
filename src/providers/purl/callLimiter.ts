import Bottleneck from 'bottleneck';
import { ProviderBusy } from '../../domain/errors.js';

/**
 * The PURL client's limits, all kept by bottleneck: `run` holds one of
 * `maxConcurrent` slots for a call (through its retries), `pace` spaces every
 * attempt `1000 / maxRps` ms apart. minTime rather than a reservoir: a
 * reservoir refilled each second lets a whole second's budget out in one
 * burst, minTime never does. At most `maxQueued` calls wait for a slot
 * (bottleneck's own counts of received and queued jobs): past it a call is
 * refused with ProviderBusy at once instead of growing memory. (bottleneck's
 * highWater is not enough: it drops a job only after taking it in, at about
 * a thousand a second, so a burst still piles up as received jobs.)
 *
 * One bottleneck limiter dispatches at most ~450 jobs/s on this machine class
 * (it schedules each job with its own timer). Above that, the limits are
 * split over `shards` limiters used in turn, each at its share of the rate,
 * of the slots and of the queue, which adds up to the configured limits.
 */
export const JOBS_PER_LIMITER = 250;

export class CallLimiter {
  private readonly slots: Bottleneck[];
  private readonly pacers: Bottleneck[];
  private readonly maxQueued: number;
  private readonly maxQueuedPerShard: number;
  private readonly service: string;
  private nextSlot = 0;
  private nextPacer = 0;

  constructor(options: { maxRps: number; maxConcurrent: number; maxQueued: number; service: string }) {
    const maxConcurrent = Math.floor(options.maxConcurrent);
    const shards = Math.max(1, Math.min(Math.ceil(options.maxRps / JOBS_PER_LIMITER), maxConcurrent));
    const share = (total: number, i: number) => Math.floor(total / shards) + (i < total % shards ? 1 : 0);
    this.maxQueuedPerShard = Math.max(1, Math.floor(options.maxQueued / shards));
    this.maxQueued = options.maxQueued;
    this.service = options.service;
    this.slots = Array.from({ length: shards }, (_, i) => new Bottleneck({ maxConcurrent: share(maxConcurrent, i) }));
    this.pacers = Array.from({ length: shards }, () => new Bottleneck({ minTime: (1000 * shards) / options.maxRps }));
  }

  /** Runs `work` in a concurrency slot; ProviderBusy when `maxQueued` calls already wait. */
  run<T>(work: () => Promise<T>): Promise<T> {
    const limiter = this.slots[this.nextSlot++ % this.slots.length] as Bottleneck;
    const { RECEIVED, QUEUED } = limiter.counts();
    if (RECEIVED + QUEUED >= this.maxQueuedPerShard)
      return Promise.reject(new ProviderBusy(this.service, this.maxQueued));
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
