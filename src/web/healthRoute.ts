import type { HealthReport } from '../services/monitoring/checkHealth.js';
import { checkRoute } from './checkRoute.js';
import type { WebRoute } from './webRoute.js';

/** `GET /healthz`: the health report, 200 when healthy, 503 otherwise. */
export function healthRoute(health: () => Promise<HealthReport>): WebRoute {
  return checkRoute('/healthz', health, (report) => report.healthy, { healthy: false, checks: {} });
}
