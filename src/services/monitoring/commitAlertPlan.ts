import { type Alert, type AlertPlan, downtimeMs } from '../../domain/alerts.js';
import type { ServiceDeps } from '../runtime/serviceDeps.js';

/**
 * Plans against the open alerts and stores the plan's alerts with their events
 * in one transaction (rows and events commit together), then wakes the relay.
 */
export async function commitAlertPlan(
  deps: Pick<ServiceDeps, 'uow' | 'events'>,
  now: Date,
  planFor: (open: Alert[]) => AlertPlan,
): Promise<AlertPlan> {
  const at = now.toISOString();
  const plan = await deps.uow.transaction(async (repos) => {
    const planned = planFor(await repos.alerts.open());
    for (const alert of planned.raise)
      await repos.outbox.add({ type: 'AlertRaised', alert: await repos.alerts.raise(alert, at) }, at);
    for (const { id } of planned.remind)
      await repos.outbox.add({ type: 'AlertReminder', alert: await repos.alerts.markReminded(id, at) }, at);
    for (const { id } of planned.resolve) {
      const alert = await repos.alerts.resolve(id, at);
      await repos.outbox.add({ type: 'AlertResolved', alert, downtimeMs: downtimeMs(alert, now) }, at);
    }
    return planned;
  });
  if (plan.raise.length + plan.remind.length + plan.resolve.length > 0) deps.events.kick();
  return plan;
}
