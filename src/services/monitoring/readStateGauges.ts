import { BUILTIN_STATUS_CODES } from '../../domain/statusCodes.js';
import type { StateGauges } from '../../ports/metrics.js';
import { MAX_DELIVERY_ATTEMPTS } from '../runtime/eventRelay.js';
import type { ServiceDeps } from '../runtime/serviceDeps.js';

/**
 * What the database holds now, for the gauges of a metrics scrape: requests
 * by status (every built-in status, at 0 when it has none, so its series
 * never vanishes), the outbox's backlog and set-aside events, open alerts.
 */
export async function readStateGauges(deps: Pick<ServiceDeps, 'uow'>): Promise<StateGauges> {
  const { repos } = deps.uow;
  const [counted, outbox, alerts] = await Promise.all([
    repos.requests.countByStatus(),
    repos.outbox.pendingCounts(MAX_DELIVERY_ATTEMPTS),
    repos.alerts.open(),
  ]);
  const byStatus = new Map(BUILTIN_STATUS_CODES.map(({ code }) => [code, 0]));
  for (const { status, count } of counted) byStatus.set(status, count);
  return {
    requestsByStatus: [...byStatus].map(([status, count]) => ({ status, count })),
    outboxBacklog: outbox.backlog,
    outboxSetAside: outbox.setAside,
    openAlerts: alerts.length,
  };
}
