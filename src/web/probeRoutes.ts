import type { HealthReport, LivenessReport } from '../services/monitoring/checkHealth.js';
import { checkRoute } from './checkRoute.js';
import type { WebRoute } from './webRoute.js';

export interface ReadinessReport {
  ready: boolean;
  checks: HealthReport['checks'];
  /** When the PID service was last asked (by the scheduled status check, not by this probe). */
  checkedAt: string;
}

/** `GET /livez`: the process and its database; 200 when both answer, 503 otherwise. Restart on failure. */
export function livezRoute(liveness: () => Promise<LivenessReport>): WebRoute {
  return checkRoute('/livez', liveness, (report) => report.live, { live: false, checks: {} });
}

/** `GET /readyz`: the database and the PID service as the status board last saw it; 200 ready, 503 not. Route no traffic while 503. */
export function readyzRoute(health: () => Promise<HealthReport>): WebRoute {
  const readiness = async (): Promise<ReadinessReport> => {
    const report = await health();
    return { ready: report.healthy, checks: report.checks, checkedAt: report.pidService.checkedAt };
  };
  return checkRoute('/readyz', readiness, (report) => report.ready, { ready: false, checks: {} });
}
