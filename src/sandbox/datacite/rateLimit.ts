/**
 * DataCite's rate limit: a number of requests per window per client (3,000
 * per 5 minutes). A fixed window, started by the first request after the last
 * one ended; a refused request does not count against the next window.
 */
export interface RateLimitOptions {
  requests: number;
  windowMs: number;
}

export const DATACITE_RATE_LIMIT: RateLimitOptions = { requests: 3000, windowMs: 5 * 60 * 1000 };

export class FixedWindowLimit {
  private windowStart = 0;
  private used = 0;

  constructor(private readonly options: RateLimitOptions) {}

  /** Undefined when the request may go ahead (and counts it); else the seconds until the window ends. */
  refuse(now: number): number | undefined {
    if (now >= this.windowStart + this.options.windowMs) {
      this.windowStart = now;
      this.used = 0;
    }
    if (this.used < this.options.requests) {
      this.used += 1;
      return undefined;
    }
    return Math.max(1, Math.ceil((this.windowStart + this.options.windowMs - now) / 1000));
  }
}
