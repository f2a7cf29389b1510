import type { Alert } from '../../domain/alerts.js';
import type { ServiceDeps } from '../runtime/serviceDeps.js';

/** Alerts still open (their problem not yet seen fixed), oldest first. */
export function openAlerts(deps: Pick<ServiceDeps, 'uow'>): Promise<Alert[]> {
  return deps.uow.repos.alerts.open();
}
