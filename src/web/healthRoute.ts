import type { HealthReport } from '../services/checkHealth.js';
import { sendJson, type WebRoute } from './webRoute.js';

/** `GET /healthz`: the health report, 200 when healthy, 503 otherwise. */
export function healthRoute(health: () => Promise<HealthReport>): WebRoute {
  return {
    path: '/healthz',
    method: ['GET'],
    handler: (_req, res) => {
      health().then(
        (report) => sendJson(res, report.healthy ? 200 : 503, report),
        () => sendJson(res, 503, { healthy: false, checks: {} }),
      );
    },
  };
}
