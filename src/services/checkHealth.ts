import type { ServiceDeps } from './serviceDeps.js';

export interface HealthReport {
  healthy: boolean;
  checks: Record<string, { ok: boolean; detail: string }>;
}

/** Database and PID-service reachability, for `/healthz`, `/pid health` and `pidbot health`. */
export async function checkHealth(deps: Pick<ServiceDeps, 'uow'>): Promise<HealthReport> {
  const checks: HealthReport['checks'] = {};
  try {
    await deps.uow.repos.requestTypes.list();
    checks.database = { ok: true, detail: 'reachable' };
  } catch (error) {
    checks.database = { ok: false, detail: error instanceof Error ? error.message : String(error) };
  }
  return { healthy: Object.values(checks).every((c) => c.ok), checks };
}
