import type { HealthReport, LivenessReport } from '../services/monitoring/checkHealth.js';
import { checkRoute } from './checkRoute.js';
import type { WebRoute } from './webRoute.js';

/** How long `/readyz` answers from its last check; probes every few seconds must not become calls to the PID service. */
export const READINESS_CACHE_MS = 10_000;

export interface ReadinessReport {
  ready: boolean;
  checks: HealthReport['checks'];
  /** When the checks ran (the answer may be up to `READINESS_CACHE_MS` old). */
  checkedAt: string;
}

/** `GET /livez`: the process and its database; 200 when both answer, 503 otherwise. Restart on failure. */
export function livezRoute(liveness: () => Promise<LivenessReport>): WebRoute {
  return checkRoute('/livez', liveness, (report) => report.live, { live: false, checks: {} });
}

/** `GET /readyz`: the dependencies (database, PID service) from a check at most `READINESS_CACHE_MS` old; 200 ready, 503 not. Route no traffic while 503. */
export function readyzRoute(readiness: () => Promise<ReadinessReport>): WebRoute {
  return checkRoute('/readyz', readiness, (report) => report.ready, { ready: false, checks: {} });
}

/**
 * The health checks as a readiness answer, cached for `ttlMs`: concurrent
 * probes share one check in flight, and a result (good or bad) is reused
 * until it is `ttlMs` old.
 */
export function cachedReadiness(
  health: () => Promise<HealthReport>,
  options: { ttlMs?: number; now?: () => number } = {},
): () => Promise<ReadinessReport> {
  const ttlMs = options.ttlMs ?? READINESS_CACHE_MS;
  const now = options.now ?? (() => performance.now());
  let cached: { at: number; report: Promise<ReadinessReport> } | undefined;
  return () => {
    if (cached && now() - cached.at < ttlMs) return cached.report;
    const at = now();
    const report = health().then(
      (h): ReadinessReport => ({ ready: h.healthy, checks: h.checks, checkedAt: new Date().toISOString() }),
      (error: unknown): ReadinessReport => ({
        ready: false,
        checks: { health: { ok: false, detail: error instanceof Error ? error.message : String(error) } },
        checkedAt: new Date().toISOString(),
      }),
    );
    cached = { at, report };
    return report;
  };
}
