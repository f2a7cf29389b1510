import type { Alert } from '../domain/alerts.js';
import type { JobRun } from '../domain/jobRuns.js';
import type { SubsystemStatus } from '../ports/pidProvider.js';
import { lastJobRuns } from './jobRuns.js';
import { openAlerts } from './openAlerts.js';
import type { ServiceDeps } from './serviceDeps.js';

export interface HealthReport {
  healthy: boolean;
  checks: Record<string, { ok: boolean; detail: string }>;
  /** The PID service's subsystems as it reports them now; empty when it could not be asked. */
  purlSubsystems: SubsystemStatus[];
  /** The newest run of every scheduler job that has run. */
  lastJobRuns: JobRun[];
  openAlerts: Alert[];
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Database and PID-service reachability, the scheduler's last runs and open alerts, for `/healthz`, `/pid health` and `pidbot health`. */
export async function checkHealth(deps: Pick<ServiceDeps, 'uow' | 'pids'>): Promise<HealthReport> {
  const checks: HealthReport['checks'] = {};
  let jobs: JobRun[] = [];
  let alerts: Alert[] = [];
  try {
    [jobs, alerts] = await Promise.all([lastJobRuns(deps), openAlerts(deps)]);
    checks.database = { ok: true, detail: 'reachable' };
  } catch (error) {
    checks.database = { ok: false, detail: messageOf(error) };
  }
  let purlSubsystems: SubsystemStatus[] = [];
  try {
    const status = await deps.pids.systemStatus('*');
    purlSubsystems = status.subsystems;
    checks.purl = { ok: status.up, detail: status.message || (status.up ? 'up' : 'down') };
  } catch (error) {
    checks.purl = { ok: false, detail: messageOf(error) };
  }
  return { healthy: Object.values(checks).every((c) => c.ok), checks, purlSubsystems, lastJobRuns: jobs, openAlerts: alerts };
}
