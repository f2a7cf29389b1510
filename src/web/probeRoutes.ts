import type { HealthReport, LivenessReport } from '../services/monitoring/checkHealth.js';
import type { LeadershipReport } from '../services/runtime/leaderLease.js';
import { checkRoute } from './checkRoute.js';
import type { WebRoute } from './webRoute.js';

export interface ReadinessReport extends Partial<LeadershipReport> {
  ready: boolean;
  checks: HealthReport['checks'];
  /** When the PID service was last asked (by the scheduled status check, not by this probe). */
  checkedAt: string;
}

/** `GET /livez`: the process and its database; 200 when both answer, 503 otherwise. Restart on failure. */
export function livezRoute(liveness: () => Promise<LivenessReport>): WebRoute {
  return checkRoute('/livez', liveness, (report) => report.live, { live: false, checks: {} });
}

/**
 * `GET /readyz`: the database and the PID service as the status board last saw it; 200 ready, 503 not. Route no
 * traffic while 503. With `leadership` (the bot), also whether this replica runs the scheduler (`role`) and which
 * holds its lease until when (`holder`); a follower is as ready as the leader.
 */
export function readyzRoute(
  health: () => Promise<HealthReport>,
  leadership?: () => Promise<LeadershipReport>,
): WebRoute {
  const readiness = async (): Promise<ReadinessReport> => {
    const [report, role] = await Promise.all([health(), leadership?.()]);
    return { ready: report.healthy, ...role, checks: report.checks, checkedAt: report.pidService.checkedAt };
  };
  return checkRoute('/readyz', readiness, (report) => report.ready, { ready: false, checks: {} });
}
