import type { Clock } from '../../ports/clock.js';
import type { PidProvider, SystemStatus } from '../../ports/pidProvider.js';

/** One asking of the PID service's status: its answer, or why there is none. */
export interface StatusReading {
  result: { ok: true; status: SystemStatus } | { ok: false; error: unknown };
  /** When the service was asked (ISO time), for probes to show how old their answer is. */
  checkedAt: string;
}

/**
 * The PID service's status as the scheduled status check last saw it, which
 * every probe (`/healthz`, `/readyz`, `/pid health`, `pidbot health`) reads:
 * a probe never becomes a call to the PID service. Only when the newest
 * reading is older than `maxAgeMs` (the scheduler stopped, or has not run yet)
 * does a reader refresh it, and concurrent readers share that one call.
 */
export interface StatusBoard {
  /** The newest reading, refreshed first when it is missing or older than the max age. */
  current(): Promise<StatusReading>;
  /** Asks the service now (joining a refresh already in flight) and keeps the answer: the scheduled check's way in. */
  refresh(): Promise<StatusReading>;
}

export function createStatusBoard(
  deps: { pids: Pick<PidProvider, 'status'>; clock: Clock },
  options: { maxAgeMs: number; now?: () => number },
): StatusBoard {
  // Ages are measured on a monotonic clock: a wall clock stepped back or forth must not hide or force a refresh.
  const now = options.now ?? (() => performance.now());
  let newest: { at: number; reading: StatusReading } | undefined;
  let inFlight: Promise<StatusReading> | undefined;

  async function ask(): Promise<StatusReading> {
    const at = now();
    const checkedAt = deps.clock.now().toISOString();
    let reading: StatusReading;
    try {
      reading = { result: { ok: true, status: await deps.pids.status('*') }, checkedAt };
    } catch (error) {
      reading = { result: { ok: false, error }, checkedAt };
    }
    newest = { at, reading };
    return reading;
  }

  function refresh(): Promise<StatusReading> {
    inFlight ??= ask().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  return {
    refresh,
    async current() {
      if (newest && now() - newest.at < options.maxAgeMs) return newest.reading;
      return refresh();
    },
  };
}
