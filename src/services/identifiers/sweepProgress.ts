import type { JobRun } from '../../domain/jobRuns.js';
import type { ServiceDeps } from '../runtime/serviceDeps.js';

export interface SweepProgress {
  run: JobRun;
  /** Public identifiers now; the sweep's checked count approaches it. */
  total: number;
}

/** A running (or the latest) sweep's saved progress, for progress bars. */
export async function sweepProgress(deps: Pick<ServiceDeps, 'uow'>, runId: number): Promise<SweepProgress | undefined> {
  const { repos } = deps.uow;
  const run = await repos.jobRuns.latest('verify_sweep');
  if (!run || run.id !== runId) return undefined;
  return { run, total: await repos.identifierSweep.countFindable() };
}
