import { planStatusAlerts, type StatusObservation } from '../../domain/alerts.js';
import { ProviderBusy, ProviderProtocolError, ProviderRejected, ProviderUnavailable } from '../../domain/errors.js';
import { type JobResult, type LaunchedJob, launchJob } from '../runtime/jobRuns.js';
import type { ServiceDeps } from '../runtime/serviceDeps.js';
import { commitAlertPlan } from './commitAlertPlan.js';
import type { StatusBoard } from './statusBoard.js';

export interface StatusCheckOptions {
  /** ALERT_REMIND_HOURS in ms: how long an alert's problem may last unmentioned before a reminder. */
  remindAfterMs: number;
}

type StatusCheckDeps = Pick<ServiceDeps, 'uow' | 'statusBoard' | 'clock' | 'events' | 'logger' | 'metrics' | 'lease'>;

/**
 * The service's answer, or why there is none: an unreachable or garbled status method is itself the problem to alert on.
 * Asked through the status board, so every probe answers from this reading until the next check.
 */
async function observe(board: StatusBoard): Promise<StatusObservation> {
  const { result } = await board.refresh();
  if (result.ok) {
    const status = result.status;
    const down = status.subsystems.filter((s) => !s.up).map(({ name, message }) => ({ name, message }));
    // The documented answer lists no subsystems: "down" without a list means the whole service.
    if (!status.up && down.length === 0) down.push({ name: 'service', message: status.message });
    return { kind: 'answered', down };
  }
  const { error } = result;
  // pidbot's own queue was full, so the service was never asked: nothing to alert the channel about.
  if (error instanceof ProviderBusy) throw error;
  if (
    error instanceof ProviderUnavailable ||
    error instanceof ProviderProtocolError ||
    error instanceof ProviderRejected
  )
    return { kind: 'failed', error: error.message };
  throw error;
}

/**
 * Asks the PID service for its subsystems' status and keeps the channel's
 * alerts in step: raised once, reminded at most every ALERT_REMIND_HOURS,
 * resolved once. Alert rows and their events commit together.
 */
export async function checkSystemStatus(deps: StatusCheckDeps, options: StatusCheckOptions): Promise<JobResult> {
  const observation = await observe(deps.statusBoard);
  const now = deps.clock.now();
  const plan = await commitAlertPlan(deps, now, (open) =>
    planStatusAlerts(open, observation, now, options.remindAfterMs),
  );
  const counts = {
    down: observation.kind === 'answered' ? observation.down.length : 0,
    raised: plan.raise.length,
    reminded: plan.remind.length,
    resolved: plan.resolve.length,
  };
  return observation.kind === 'failed'
    ? { outcome: 'failed', counts, error: observation.error }
    : { outcome: 'succeeded', counts };
}

/** One recorded run of the status check (the scheduler's tick). */
export function launchStatusCheck(
  deps: StatusCheckDeps,
  trigger: string,
  options: StatusCheckOptions,
): Promise<LaunchedJob> {
  return launchJob(deps, { job: 'status_check', trigger, counts: {}, checkpoint: null, resumedFrom: null }, () =>
    checkSystemStatus(deps, options),
  );
}
