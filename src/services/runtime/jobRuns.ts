import { Conflict } from '../../domain/errors.js';
import { JOB_NAMES, type JobCounts, type JobName, type JobRun } from '../../domain/jobRuns.js';
import type { WorkOwner } from '../../domain/workOwner.js';
import type { UnitOfWork } from '../../ports/repositories.js';
import type { NewJobRun } from '../../ports/schedulerRepositories.js';
import type { ServiceDeps } from './serviceDeps.js';

type JobDeps = Pick<ServiceDeps, 'uow' | 'clock' | 'logger' | 'metrics' | 'lease'>;

export interface JobContext {
  run: JobRun;
  /** Set when pidbot is shutting down: a long job stops at its next safe point and reports `interrupted`. */
  signal: AbortSignal;
}

export interface JobResult {
  outcome: 'succeeded' | 'failed' | 'interrupted';
  counts: JobCounts;
  error?: string;
}

export interface LaunchedJob {
  run: JobRun;
  /** The finished run; never rejects (a thrown error is recorded as a failed run). */
  finished: Promise<JobRun>;
}

/** A tick or a curator's request found the job still running; the skip is recorded. */
export class JobAlreadyRunning extends Conflict {}

// Jobs running in this process, per database: shutdown stops and awaits them. Keyed by the
// unit of work so that several cores in one process (tests) never see each other's jobs.
const active = new WeakMap<UnitOfWork, Map<number, { controller: AbortController; finished: Promise<JobRun> }>>();

function activeJobs(uow: UnitOfWork) {
  const jobs = active.get(uow) ?? new Map();
  active.set(uow, jobs);
  return jobs;
}

/**
 * Records a run of `job`, owned by this process, and starts `work` without
 * waiting for it; the owner's heartbeat keeps the run alive in other
 * processes' eyes while it goes. The database allows one running run per job:
 * while one runs, a second launch records a skipped run and throws `JobAlreadyRunning`.
 */
export async function launchJob(
  deps: JobDeps,
  start: Omit<NewJobRun, 'at' | 'owner'>,
  work: (context: JobContext) => Promise<JobResult>,
): Promise<LaunchedJob> {
  const { uow, clock, logger } = deps;
  const measurement = deps.metrics.startJobRun(start.job);
  let run: JobRun;
  try {
    run = await uow.repos.jobRuns.start({ ...start, owner: deps.lease.owner, at: clock.now().toISOString() });
  } catch (error) {
    if (!(error instanceof Conflict)) throw error;
    const skipped = await uow.repos.jobRuns.recordSkip(
      start.job,
      start.trigger,
      error.message,
      clock.now().toISOString(),
    );
    measurement(skipped.outcome);
    logger.warn('job run skipped: the previous run is still going', { job: start.job, trigger: start.trigger });
    throw new JobAlreadyRunning(error.message);
  }
  const controller = new AbortController();
  const finished = (async () => {
    let result: JobResult | { outcome: 'failed'; counts?: undefined; error: string };
    let thrown: { err: unknown } | undefined;
    try {
      result = await deps.lease.track(() => work({ run, signal: controller.signal }));
    } catch (error) {
      thrown = { err: error };
      result = { outcome: 'failed', error: error instanceof Error ? error.message : String(error) };
    }
    const done = await uow.repos.jobRuns.finish(
      run.id,
      result.outcome,
      result.counts,
      result.error ?? null,
      clock.now().toISOString(),
    );
    measurement(done.outcome);
    const fields = {
      job: done.job,
      runId: done.id,
      outcome: done.outcome,
      counts: done.counts,
      error: done.error,
      ...thrown,
    };
    logger[done.outcome === 'failed' ? 'warn' : 'info']('job run finished', fields);
    return done;
  })().finally(() => activeJobs(uow).delete(run.id));
  activeJobs(uow).set(run.id, { controller, finished });
  logger.info('job run started', { job: run.job, runId: run.id, trigger: run.trigger, resumedFrom: run.resumedFrom });
  return { run, finished };
}

/** Asks every job running in this process to stop at its next safe point, and waits until they have. */
export async function stopJobs(deps: Pick<ServiceDeps, 'uow'>): Promise<void> {
  const jobs = [...activeJobs(deps.uow).values()];
  for (const job of jobs) job.controller.abort();
  await Promise.all(jobs.map((job) => job.finished));
}

/**
 * For a process about to exit (an interrupted CLI command): every job it runs
 * is asked to stop and recorded `interrupted` now, without waiting for a safe
 * point; the next run continues from the last saved checkpoint.
 */
export async function releaseJobs(deps: Pick<ServiceDeps, 'uow' | 'clock'>, reason: string): Promise<JobRun[]> {
  const released: JobRun[] = [];
  for (const [id, job] of activeJobs(deps.uow)) {
    job.controller.abort();
    released.push(
      await deps.uow.repos.jobRuns.finish(id, 'interrupted', undefined, reason, deps.clock.now().toISOString()),
    );
  }
  return released;
}

/**
 * Marks `interrupted` the running runs whose owner is gone: the replica that
 * held the scheduler's lease before this one took it over (`previousLeader`),
 * or one the work lease judges gone or silent (`isAbandoned`). A run a live
 * owner still has going (a CLI command's sweep) is left alone. Returns the
 * runs interrupted; a sweep among them continues from its checkpoint when launched again.
 */
export async function interruptAbandonedRuns(
  deps: Pick<ServiceDeps, 'uow' | 'clock' | 'lease' | 'logger'>,
  previousLeader?: WorkOwner,
): Promise<JobRun[]> {
  const interrupted: JobRun[] = [];
  for (const run of await deps.uow.repos.jobRuns.allRunning()) {
    const leaderGone = previousLeader !== undefined && run.owner?.id === previousLeader.id;
    if (!leaderGone && !deps.lease.isAbandoned(run.owner, run.heartbeatAt)) continue;
    const reason = `the process running it stopped${run.owner === null ? '' : ` (${run.owner.host}, pid ${run.owner.pid})`}`;
    interrupted.push(
      await deps.uow.repos.jobRuns.finish(run.id, 'interrupted', undefined, reason, deps.clock.now().toISOString()),
    );
    deps.logger.warn('a job run whose process stopped was marked interrupted', {
      job: run.job,
      runId: run.id,
      owner: run.owner,
    });
  }
  return interrupted;
}

/** The newest (not skipped) run of every job, for `/pid health` and `pidbot health`; jobs that never ran are left out. */
export async function lastJobRuns(deps: Pick<ServiceDeps, 'uow'>): Promise<JobRun[]> {
  const runs = await Promise.all(JOB_NAMES.map((job: JobName) => deps.uow.repos.jobRuns.latest(job)));
  return runs.filter((run): run is JobRun => run !== undefined);
}
