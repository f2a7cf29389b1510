/**
 * Calls `renew` every third of `leaseMs`, the period of every lease and
 * heartbeat here: a renewal or two can be late before what it renews lapses.
 * Unref'd: a renewal never keeps the process alive.
 */
export function everyThirdOf(leaseMs: number, renew: () => void): NodeJS.Timeout {
  return setInterval(renew, Math.max(1, Math.floor(leaseMs / 3))).unref();
}
