import type { Alert } from '../../domain/alerts.js';
import type { JobRun } from '../../domain/jobRuns.js';
import type { SubsystemStatus } from '../../ports/pidProvider.js';
import { lastJobRuns } from '../runtime/jobRuns.js';
import type { ServiceDeps } from '../runtime/serviceDeps.js';
import { openAlerts } from './openAlerts.js';
import type { StatusReading } from './statusBoard.js';

export interface PidServiceHealth {
  /** Which service: the provider's own description. */
  service: string;
  /** The status method answered and every subsystem is up. */
  up: boolean;
  detail: string;
  /** As the service reported them at `checkedAt`; empty when it could not be asked. */
  subsystems: SubsystemStatus[];
  /** When the service was asked: the status board's newest reading, never a call per probe. */
  checkedAt: string;
}

export interface HealthReport {
  /** Every check passes: the database and the PID service are reachable (DESIGN: /healthz 503 otherwise). */
  healthy: boolean;
  checks: Record<string, { ok: boolean; detail: string }>;
  /** The PID service's subsystems in detail; its reachability is also the `pidService` check. */
  pidService: PidServiceHealth;
  /** The newest run of every scheduler job that has run. */
  lastJobRuns: JobRun[];
  openAlerts: Alert[];
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

function pidServiceHealth(service: string, { result, checkedAt }: StatusReading): PidServiceHealth {
  if (!result.ok) return { service, up: false, detail: messageOf(result.error), subsystems: [], checkedAt };
  const { up, message, subsystems } = result.status;
  return { service, up, detail: message || (up ? 'up' : 'down'), subsystems, checkedAt };
}

export interface LivenessReport {
  /** The process answers and its database does. */
  live: boolean;
  checks: { database: { ok: boolean; detail: string } };
}

/**
 * For `/livez`: the process and its database, nothing outside the process, so
 * an outage of the PID service or Slack never gets a healthy bot restarted.
 */
export async function checkLiveness(deps: Pick<ServiceDeps, 'uow'>): Promise<LivenessReport> {
  try {
    await deps.uow.repos.requestTypes.list();
    return { live: true, checks: { database: { ok: true, detail: 'reachable' } } };
  } catch (error) {
    return { live: false, checks: { database: { ok: false, detail: messageOf(error) } } };
  }
}

/**
 * Database reachability, the PID service's status from the status board (the
 * scheduled check's newest reading), the scheduler's last runs and open
 * alerts, for `/healthz`, `/readyz`, `/pid health` and `pidbot health`.
 */
export async function checkHealth(deps: Pick<ServiceDeps, 'uow' | 'pids' | 'statusBoard'>): Promise<HealthReport> {
  const checks: HealthReport['checks'] = {};
  let jobs: JobRun[] = [];
  let alerts: Alert[] = [];
  try {
    [jobs, alerts] = await Promise.all([lastJobRuns(deps), openAlerts(deps)]);
    checks.database = { ok: true, detail: 'reachable' };
  } catch (error) {
    checks.database = { ok: false, detail: messageOf(error) };
  }
  // Curators cannot mint while the PID service is down, so pidbot is not healthy then; the
  // scheduler's alert tells the channel, /healthz tells the operator's monitoring.
  const pidService = pidServiceHealth(deps.pids.description, await deps.statusBoard.current());
  checks.pidService = { ok: pidService.up, detail: pidService.detail };
  return {
    healthy: Object.values(checks).every((c) => c.ok),
    checks,
    pidService,
    lastJobRuns: jobs,
    openAlerts: alerts,
  };
}
