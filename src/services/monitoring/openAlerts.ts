import type { Alert } from '../../domain/alerts.js';
import type { MessageRef } from '../../ports/messageRefs.js';
import type { ServiceDeps } from '../runtime/serviceDeps.js';

/** Alerts still open (their problem not yet seen fixed), oldest first. */
export function openAlerts(deps: Pick<ServiceDeps, 'uow'>): Promise<Alert[]> {
  return deps.uow.repos.alerts.open();
}

/** Where an alert's Slack message is, once posted; undefined before (or when its post failed for good). */
export async function alertMessageRef(
  deps: Pick<ServiceDeps, 'uow'>,
  alertId: number,
): Promise<MessageRef | undefined> {
  return (await deps.uow.repos.alerts.find(alertId))?.message ?? undefined;
}

/** Remembers the alert's Slack message so reminders and the recovery go to its thread. */
export function attachAlertMessage(deps: Pick<ServiceDeps, 'uow'>, alertId: number, ref: MessageRef): Promise<void> {
  return deps.uow.repos.alerts.attachMessage(alertId, ref);
}
