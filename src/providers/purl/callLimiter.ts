import Bottleneck from 'bottleneck';
import { ProviderBusy } from '../../domain/errors.js';

/** At most this much of a late timer's lateness is made up by attempts started together. */
const CATCH_UP_MS = 5;

interface Waiting {
  start(): void;
  reject(error: Error): void;
}

/** What a call waiting when the client stops fails with (the client reports it as "stopped"). */
function stoppedError(): Error {
  return new Bottleneck.BottleneckError('This limiter has been stopped.');
}

/**
 * The PURL client's limits: `run` holds one of `maxConcurrent` slots for a
 * call (through its retries), `pace` spaces every attempt `1000 / maxRps` ms
 * apart. At most `maxQueued` calls wait for a slot: past it a call is refused
 * with ProviderBusy at once instead of growing memory.
 *
 * Kept by hand rather than by bottleneck: bottleneck schedules every job with
 * its own timer and bookkeeping, which cost ~10 ms per call even when idle and
 * capped one limiter near 450 jobs/s. Here an idle call starts in the same
 * turn, and attempts start on a fixed grid (`nextAttemptAt`), so a late
 * timer does not lower the rate (see releaseAttempts).
 */
export class CallLimiter {
  private readonly maxConcurrent: number;
  private readonly maxQueued: number;
  private readonly intervalMs: number;
  private readonly service: string;
  private readonly waiting: Pick<Waiting, 'start' | 'reject'>[] = [];
  private readonly pacing: { resolve(): void; reject(error: Error): void }[] = [];
  private pacer: NodeJS.Timeout | undefined;
  private active = 0;
  private nextAttemptAt = 0;
  private stopped = false;

  constructor(options: { maxRps: number; maxConcurrent: number; maxQueued: number; service: string }) {
    this.maxConcurrent = Math.max(1, Math.floor(options.maxConcurrent));
    this.maxQueued = options.maxQueued;
    this.intervalMs = 1000 / options.maxRps;
    this.service = options.service;
  }

  /** Runs `work` in a concurrency slot; ProviderBusy when `maxQueued` calls already wait. */
  run<T>(work: () => Promise<T>): Promise<T> {
    if (this.stopped) return Promise.reject(stoppedError());
    if (this.active < this.maxConcurrent) return this.runNow(work);
    if (this.waiting.length >= this.maxQueued) return Promise.reject(new ProviderBusy(this.service, this.maxQueued));
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ start: () => void this.runNow(work).then(resolve, reject), reject });
    });
  }

  /** Resolves when the next attempt may start. */
  pace(): Promise<void> {
    if (this.stopped) return Promise.reject(stoppedError());
    return new Promise((resolve, reject) => {
      this.pacing.push({ resolve, reject });
      this.releaseAttempts();
    });
  }

  /** Calls waiting for a slot or for their turn fail with a BottleneckError (the client's "stopped"). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.pacer);
    this.pacer = undefined;
    for (const waiting of [...this.waiting.splice(0), ...this.pacing.splice(0)]) waiting.reject(stoppedError());
  }

  /**
   * Lets waiting attempts start on the grid `nextAttemptAt`, one interval
   * apart. A timer that fires late is made up for by at most CATCH_UP_MS of
   * attempts at once, so the rate holds without a stalled loop becoming a burst.
   */
  private releaseAttempts(): void {
    if (this.pacer !== undefined) return;
    const now = performance.now();
    let next = Math.max(this.nextAttemptAt, now - CATCH_UP_MS);
    while (this.pacing.length > 0 && next <= now) {
      this.pacing.shift()?.resolve();
      next += this.intervalMs;
    }
    this.nextAttemptAt = next;
    if (this.pacing.length > 0)
      this.pacer = setTimeout(() => {
        this.pacer = undefined;
        this.releaseAttempts();
      }, next - now);
  }

  private async runNow<T>(work: () => Promise<T>): Promise<T> {
    this.active += 1;
    try {
      return await work();
    } finally {
      this.active -= 1;
      this.waiting.shift()?.start();
    }
  }
}
