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
   * Identifiers read at a time, and the most verified at once. The PID client's
   * limiter sets the pace; a page only bounds how many calls wait on it and how
   * many rows are in memory (two pages: the one verified and the one read ahead).
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

/** A verify the sweep did not begin: it was stopping (shutdown, outage) by then. */
const NOT_STARTED = { kind: 'not started' } as const;

type Verdict =
  | { kind: 'ok'; recovered: boolean }
  | { kind: 'failed'; newly: boolean }
  | { kind: 'error'; error: unknown }
  | typeof NOT_STARTED;

type StartedVerdict = Exclude<Verdict, typeof NOT_STARTED>;

async function verdictFor(deps: SweepDeps, identifier: Identifier): Promise<StartedVerdict> {
  try {
    const { result } = await verifyAndRecord(deps, identifier);
    return result.ok
      ? { kind: 'ok', recovered: identifier.lastVerifyOk === false }
      : { kind: 'failed', newly: identifier.lastVerifyOk !== false };
  } catch (error) {
    return { kind: 'error', error };
  }
}

/**
 * Keeps `size` verifies going, across page boundaries: the next page's verifies
 * start one by one as the current page's finish. Verifying a page to its end
 * before starting the next left the PID client's pacer idle while the last
 * calls of each page came back and the next page was read (about a fifth of
 * the rate at 1,000 calls/s). Once stopped, no further verify begins.
 */
class VerifyWindow {
  private active = 0;
  private stopped = false;
  private readonly waiting: ((go: boolean) => void)[] = [];
  private readonly idle: (() => void)[] = [];

  constructor(
    private readonly size: number,
    private readonly verify: (identifier: Identifier) => Promise<StartedVerdict>,
  ) {}

  get isStopped(): boolean {
    return this.stopped;
  }

  async verdict(identifier: Identifier): Promise<Verdict> {
    if (this.stopped) return NOT_STARTED;
    if (this.active < this.size) this.active += 1;
    // A finishing verify hands its place over directly, so `active` never exceeds `size`.
    else if (!(await new Promise<boolean>((go) => this.waiting.push(go)))) return NOT_STARTED;
    try {
      return await this.verify(identifier);
    } finally {
      const next = this.waiting.shift();
      if (next !== undefined) next(true);
      else if (--this.active === 0) for (const resolve of this.idle.splice(0)) resolve();
    }
  }

  /** Begins no further verify; resolves once those under way have finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const go of this.waiting.splice(0)) go(false);
    if (this.active > 0) await new Promise<void>((resolve) => this.idle.push(resolve));
  }
}

interface StartedPage {
  page: readonly Identifier[];
  verdicts: Promise<Verdict[]>;
}

function tally(
  counts: SweepCounts,
  checkpoint: SweepCheckpoint,
  identifiers: readonly Identifier[],
  verdicts: readonly StartedVerdict[],
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
        const requestId = identifiers[i]?.requestId;
        if (requestId !== undefined && checkpoint.recoveredRequestIds.length < SWEEP_SUMMARY_SAMPLE)
          checkpoint.recoveredRequestIds.push(requestId);
      }
    }
  });
}

/** The verdicts up to the first verify that did not begin (the window begins them in order). */
function startedPrefix(verdicts: readonly Verdict[]): StartedVerdict[] {
  const end = verdicts.findIndex((v) => v.kind === 'not started');
  return (end === -1 ? verdicts : verdicts.slice(0, end)) as StartedVerdict[];
}

/**
 * Verifies every findable identifier, read a keyset page at a time (memory
 * stays flat however many there are): while one page is verified the next is
 * read and queued behind it, and a page is tallied and its checkpoint saved
 * once all its verifies are in. On shutdown no further verify begins; those
 * under way finish and are counted, and the next sweep continues after the
 * last one counted. At the end one `VerifySweepCompleted` event carries the tally.
 */
async function sweep(deps: SweepDeps, { run, signal }: JobContext, pageSize: number): Promise<JobResult> {
  const { repos } = deps.uow;
  const counts: SweepCounts = { ...NO_COUNTS, ...run.counts };
  const checkpoint: SweepCheckpoint = structuredClone(run.checkpoint ?? FRESH_START);
  const window = new VerifyWindow(pageSize, (identifier) => verdictFor(deps, identifier));
  const stop = () => void window.stop();
  signal.addEventListener('abort', stop, { once: true });
  const startPage = async (afterRequestId: number): Promise<StartedPage> => {
    const page = await repos.identifierSweep.findableAfter(afterRequestId, pageSize);
    return { page, verdicts: Promise.all(page.map((identifier) => window.verdict(identifier))) };
  };
  try {
    let current = signal.aborted ? undefined : await startPage(checkpoint.afterRequestId);
    while (current !== undefined && current.page.length > 0) {
      const last = current.page.at(-1);
      const next = last === undefined || window.isStopped ? undefined : await startPage(last.requestId);
      const verdicts = startedPrefix(await current.verdicts);
      const unavailable = verdicts.filter(
        (v): v is Extract<Verdict, { kind: 'error' }> =>
          v.kind === 'error' && (v.error instanceof ProviderUnavailable || v.error instanceof ProviderMisconfigured),
      );
      // A whole page unreachable (or refusing pidbot's credentials) is an outage, not 200 broken identifiers: stop, and continue from this page next time.
      if (unavailable.length === current.page.length) throw unavailable[0]?.error;
      const counted = current.page.slice(0, verdicts.length);
      tally(counts, checkpoint, counted, verdicts);
      const lastCounted = counted.at(-1);
      if (lastCounted !== undefined) {
        checkpoint.afterRequestId = lastCounted.requestId;
        await repos.jobRuns.saveProgress(run.id, { ...counts }, checkpoint);
      }
      current = next;
    }
  } finally {
    signal.removeEventListener('abort', stop);
    // Nothing of this run may still be verifying once it is recorded as ended (an outage, a failed save).
    await window.stop();
  }
  if (signal.aborted) return { outcome: 'interrupted', counts: { ...counts } };

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
