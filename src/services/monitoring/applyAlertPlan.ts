import { type AlertPlan, downtimeMs } from '../../domain/alerts.js';
import type { Repositories } from '../../ports/repositories.js';

/** Stores a plan's alerts with their events, in the caller's transaction (rows and events commit together). */
export async function applyAlertPlan(repos: Repositories, plan: AlertPlan, now: Date): Promise<void> {
  const at = now.toISOString();
  for (const alert of plan.raise)
    await repos.outbox.add({ type: 'AlertRaised', alert: await repos.alerts.raise(alert, at) }, at);
  for (const { id } of plan.remind)
    await repos.outbox.add({ type: 'AlertReminder', alert: await repos.alerts.markReminded(id, at) }, at);
  for (const { id } of plan.resolve) {
    const alert = await repos.alerts.resolve(id, at);
    await repos.outbox.add({ type: 'AlertResolved', alert, downtimeMs: downtimeMs(alert, now) }, at);
  }
}

export function planSize(plan: AlertPlan): number {
  return plan.raise.length + plan.remind.length + plan.resolve.length;
}
