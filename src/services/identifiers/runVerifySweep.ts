import { ProviderMisconfigured, ProviderUnavailable } from '../../domain/errors.js';
import type { Identifier } from '../../domain/identifier.js';
import type { JobRun, SweepCheckpoint } from '../../domain/jobRuns.js';
import { requireCurator } from '../requests/requestAccess.js';
import { type JobContext, type JobResult, type LaunchedJob, launchJob } from '../runtime/jobRuns.js';
import type { ServiceDeps } from '../runtime/serviceDeps.js';
import { verifyAndRecord } from './verifyIdentifier.js';

type SweepDeps = Pick<
  ServiceDeps,
  'uow' | 'pids' | 'clock' | 'events' | 'logger' | 'metrics' | 'dataStore' | 'registration' | 'resolution' | 'lease'
>;

export interface SweepOptions {
  /**
   * Identifiers verified together. The PID client's limiter sets the pace; a
   * page only bounds how many calls wait on it and how many rows are in memory.
   */
  pageSize?: number;
}

export const DEFAULT_SWEEP_PAGE_SIZE = 200;
/** How many failures the summary lists, and how many recovered identifiers it names. */
export const SWEEP_SUMMARY_SAMPLE = 10;

export interface SweepCounts {
  checked: number;
  ok: number;
  failed: number;
  /** Failing now, not failing at their previous verify. */
  newlyFailed: number;
  /** Verifying again after failing. */
  recovered: number;
  /** Could not be verified (service unavailable): neither ok nor failed. */
  errors: number;
}

const NO_COUNTS: SweepCounts = { checked: 0, ok: 0, failed: 0, newlyFailed: 0, recovered: 0, errors: 0 };
const FRESH_START: SweepCheckpoint = { afterRequestId: 0, recoveredRequestIds: [] };

type Verdict =
  | { kind: 'ok'; recovered: boolean }
  | { kind: 'failed'; newly: boolean }
  | { kind: 'error'; error: unknown };

async function verdictFor(deps: SweepDeps, identifier: Identifier): Promise<Verdict> {
  try {
    const { result } = await verifyAndRecord(deps, identifier);
    return result.ok
      ? { kind: 'ok', recovered: identifier.lastVerifyOk === false }
      : { kind: 'failed', newly: identifier.lastVerifyOk !== false };
  } catch (error) {
    return { kind: 'error', error };
  }
}

function tally(
  counts: SweepCounts,
  checkpoint: SweepCheckpoint,
  page: readonly Identifier[],
  verdicts: readonly Verdict[],
): void {
  verdicts.forEach((verdict, i) => {
    counts.checked += 1;
    if (verdict.kind === 'error') counts.errors += 1;
    else if (verdict.kind === 'failed') {
      counts.failed += 1;
      if (verdict.newly) counts.newlyFailed += 1;
    } else {
      counts.ok += 1;
      if (verdict.recovered) {
        counts.recovered += 1;
        const requestId = page[i]?.requestId;
        if (requestId !== undefined && checkpoint.recoveredRequestIds.length < SWEEP_SUMMARY_SAMPLE)
          checkpoint.recoveredRequestIds.push(requestId);
      }
    }
  });
}

/**
 * Verifies every findable identifier, a keyset page at a time (memory stays
 * flat however many there are), saving the checkpoint after each page. On
 * shutdown it stops between pages; the next sweep continues from the
 * checkpoint. At the end one `VerifySweepCompleted` event carries the tally.
 */
async function sweep(deps: SweepDeps, { run, signal }: JobContext, pageSize: number): Promise<JobResult> {
  const { repos } = deps.uow;
  const counts: SweepCounts = { ...NO_COUNTS, ...run.counts };
  const checkpoint: SweepCheckpoint = structuredClone(run.checkpoint ?? FRESH_START);
  for (;;) {
    if (signal.aborted) return { outcome: 'interrupted', counts: { ...counts } };
    const page = await repos.identifierSweep.findableAfter(checkpoint.afterRequestId, pageSize);
    const last = page.at(-1);
    if (last === undefined) break;
    const verdicts = await Promise.all(page.map((identifier) => verdictFor(deps, identifier)));
    const unavailable = verdicts.filter(
      (v): v is Extract<Verdict, { kind: 'error' }> =>
        v.kind === 'error' && (v.error instanceof ProviderUnavailable || v.error instanceof ProviderMisconfigured),
    );
    // A whole page unreachable (or refusing pidbot's credentials) is an outage, not 200 broken identifiers: stop, and continue from this page next time.
    if (unavailable.length === page.length) throw unavailable[0]?.error;
    tally(counts, checkpoint, page, verdicts);
    checkpoint.afterRequestId = last.requestId;
    await repos.jobRuns.saveProgress(run.id, { ...counts }, checkpoint);
  }
  const failing = await repos.identifierSweep.failingFindable(SWEEP_SUMMARY_SAMPLE);
  const at = deps.clock.now().toISOString();
  const finishedRun: JobRun = { ...run, counts: { ...counts }, checkpoint, outcome: 'succeeded', finishedAt: at };
  const failures = failing.map((i) => ({ requestId: i.requestId, doi: i.doi, message: i.lastVerifyMessage ?? '' }));
  await repos.outbox.add({ type: 'VerifySweepCompleted', run: finishedRun, failures }, at);
  deps.events.kick();
  return { outcome: 'succeeded', counts: { ...counts } };
}

/**
 * Starts a verify sweep (the scheduler's tick, or a curator's request). An
 * interrupted or failed previous sweep is continued from its checkpoint, its
 * counts carried over, so every identifier is verified once per sweep.
 */
export async function launchVerifySweep(
  deps: SweepDeps,
  trigger: string,
  options: SweepOptions = {},
): Promise<LaunchedJob> {
  const previous = await deps.uow.repos.jobRuns.latest('verify_sweep');
  const resumable =
    previous && (previous.outcome === 'interrupted' || previous.outcome === 'failed') && previous.checkpoint
      ? previous
      : undefined;
  return launchJob(
    deps,
    {
      job: 'verify_sweep',
      trigger,
      counts: resumable?.counts ?? { ...NO_COUNTS },
      checkpoint: resumable?.checkpoint ?? FRESH_START,
      resumedFrom: resumable?.id ?? null,
    },
    (context) => sweep(deps, context, options.pageSize ?? DEFAULT_SWEEP_PAGE_SIZE),
  );
}

/**
 * A curator starts a verify sweep now (`/pid sweep`, `pidbot verify --all`).
 * Returns once the run is recorded, with the promise of its end; the summary
 * is posted to the channel when it ends. `JobAlreadyRunning` (a Conflict) when
 * a sweep is going.
 */
export async function startVerifySweep(
  deps: SweepDeps & Pick<ServiceDeps, 'curators'>,
  input: { actorId: string },
): Promise<LaunchedJob> {
  await requireCurator(deps, input.actorId, 'start a verify sweep');
  return launchVerifySweep(deps, input.actorId);
}
