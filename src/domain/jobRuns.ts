import type { WorkOwner } from './workOwner.js';

/**
 * Runs of the scheduler's jobs as pidbot records them: one row per run (or
 * skipped tick), so curators and operators can see when each job last ran and
 * how it went, and an interrupted verify sweep can continue where it stopped.
 */
export const JOB_NAMES = ['status_check', 'verify_sweep', 'fixity_sweep'] as const;
export type JobName = (typeof JOB_NAMES)[number];

export const JOB_LABELS: Record<JobName, string> = {
  status_check: 'PID service status check',
  verify_sweep: 'Verify sweep',
  fixity_sweep: 'Fixity sweep',
};

/** `skipped`: a tick that came while another run of the job was still going. */
export type JobOutcome = 'running' | 'succeeded' | 'failed' | 'interrupted' | 'skipped';

export type JobCounts = Record<string, number>;

/** Where a verify sweep stands: every findable identifier up to this request id has been verified. */
export interface SweepCheckpoint {
  afterRequestId: number;
  /** The first identifiers that verified again after failing (request ids), for the summary. */
  recoveredRequestIds: number[];
}

export interface JobRun {
  id: number;
  job: JobName;
  /** `schedule`, or the Slack user who started the run. */
  trigger: string;
  startedAt: string;
  finishedAt: string | null;
  outcome: JobOutcome;
  counts: JobCounts;
  /** The verify sweep's progress; null for other jobs. */
  checkpoint: SweepCheckpoint | null;
  /** The interrupted run this one continues. */
  resumedFrom: number | null;
  error: string | null;
  /** The process running it; null on runs recorded before owners were (they count as gone). */
  owner: WorkOwner | null;
  /** When its owner last said it was alive. */
  heartbeatAt: string | null;
}
