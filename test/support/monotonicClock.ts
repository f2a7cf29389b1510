import type { Clock } from '../../src/ports/clock.js';

/**
 * Wall-clock time that never repeats or goes back, so history rows written by
 * one process and then by another on the same database stay strictly ordered.
 */
export function monotonicClock(): Clock {
  let last = 0;
  return {
    now() {
      last = Math.max(Date.now(), last + 1);
      return new Date(last);
    },
  };
}
