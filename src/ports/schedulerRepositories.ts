import type { Alert, NewAlert } from '../domain/alerts.js';
import type { Identifier } from '../domain/identifier.js';
import type { JobCounts, JobName, JobOutcome, JobRun, SweepCheckpoint } from '../domain/jobRuns.js';
import type { LeaseHolding } from '../domain/schedulerLease.js';
import type { WorkOwner } from '../domain/workOwner.js';
import type { MessageRef } from './messageRefs.js';

/** Persistence ports of the scheduler's jobs; part of `Repositories`, so alerts and their events commit together. */

export interface NewJobRun {
  job: JobName;
  trigger: string;
  at: string;
  counts: JobCounts;
  checkpoint: SweepCheckpoint | null;
  resumedFrom: number | null;
  /** The process that runs it (its heartbeat starts at `at`); null only for rows a test writes by hand. */
  owner: WorkOwner | null;
}

/** The database allows one `running` run per job: `start` throws `Conflict` while another runs. */
export interface JobRunRepository {
  start(run: NewJobRun): Promise<JobRun>;
  /** Records a tick that found the job still running. */
  recordSkip(job: JobName, trigger: string, reason: string, at: string): Promise<JobRun>;
  /**
   * Persists a running sweep's progress, so an interruption loses at most one page. Changes nothing once
   * the run has ended (a replica taking the scheduler over interrupted it): its continuation has taken over.
   */
  saveProgress(id: number, counts: JobCounts, checkpoint: SweepCheckpoint | null): Promise<void>;
  /** Records the outcome of a running run; a run already ended is returned as it was recorded. */
  finish(
    id: number,
    outcome: Exclude<JobOutcome, 'running' | 'skipped'>,
    counts: JobCounts | undefined,
    error: string | null,
    at: string,
  ): Promise<JobRun>;
  running(job: JobName): Promise<JobRun | undefined>;
  /** The job's newest run that was not skipped. */
  latest(job: JobName): Promise<JobRun | undefined>;
  /** Every run still `running`, whoever runs it. */
  allRunning(): Promise<JobRun[]>;
  /** The owner is alive: refreshes the heartbeat of every run it has going. */
  heartbeat(ownerId: string, at: string): Promise<void>;
}

/**
 * The scheduler's lease row. Read and write it inside one write transaction
 * (`uow.transaction`), which both databases serialise, so two replicas never
 * both see it free.
 */
export interface SchedulerLeaseRepository {
  find(name: string): Promise<LeaseHolding | undefined>;
  /** Writes the lease's holding, inserting the row the first time. */
  put(name: string, holding: LeaseHolding): Promise<void>;
  /** Ends `holderId`'s holding at `at` (another replica may take it at once); nothing when someone else holds it. */
  release(name: string, holderId: string, at: string): Promise<void>;
}

export interface AlertRepository {
  open(): Promise<Alert[]>;
  find(id: number): Promise<Alert | undefined>;
  raise(alert: NewAlert, at: string): Promise<Alert>;
  markReminded(id: number, at: string): Promise<Alert>;
  resolve(id: number, at: string): Promise<Alert>;
  attachMessage(id: number, ref: MessageRef): Promise<void>;
}

/** Findable identifiers in request-id order, a page at a time (keyset), for the verify sweep. */
export interface IdentifierSweepRepository {
  findableAfter(afterRequestId: number, limit: number): Promise<Identifier[]>;
  /** Findable identifiers whose last verify failed, oldest request first. */
  failingFindable(limit: number): Promise<Identifier[]>;
  /** How many a sweep will check (for progress). */
  countFindable(): Promise<number>;
}

export interface SchedulerRepositories {
  jobRuns: JobRunRepository;
  alerts: AlertRepository;
  identifierSweep: IdentifierSweepRepository;
  schedulerLeases: SchedulerLeaseRepository;
}
