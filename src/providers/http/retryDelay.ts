/**
 * got's retries for calls that are safe to repeat: which answers are worth
 * another attempt, and how long to wait before it.
 */
import type { RetryFunction } from 'got';

/** Rate limiting and the server's own failures; any other answer would only come again. */
export const RETRY_STATUS_CODES = [429, 500, 502, 503, 504];

/**
 * got's `calculateDelay`: `firstBackoffMs`, doubling per attempt (got's default back-off starts at a second),
 * unless the answer said `Retry-After`, which then wins. A `computedValue` of 0 is got declining the retry
 * (not retryable, limit reached, `Retry-After` over `maxRetryAfter`), and stays 0.
 */
export function retryDelay(firstBackoffMs: number): RetryFunction {
  return ({ computedValue, retryAfter, attemptCount }) =>
    computedValue === 0 ? 0 : retryAfter ? computedValue : firstBackoffMs * 2 ** (attemptCount - 1);
}
