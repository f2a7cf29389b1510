import type { Alert } from './alerts.js';
import type { Identifier } from './identifier.js';
import type { MintStep } from './identifierMint.js';
import type { JobRun } from './jobRuns.js';
import type { PidRequest, StatusChange } from './request.js';
import type { WorkflowAction } from './requestWorkflow.js';

/** Facts the services publish after a commit; Slack, the CLI and tests subscribe without the services knowing them. */
export interface RequestSubmitted {
  type: 'RequestSubmitted';
  request: PidRequest;
}

export interface RequestStatusChanged {
  type: 'RequestStatusChanged';
  request: PidRequest;
  change: StatusChange;
  /** The workflow action behind the change (absent on events queued before the workflow existed). */
  action?: WorkflowAction;
}

/** A curator assigned the request (to themselves or another curator); `change` is the history row saying so. */
export interface RequestAssigned {
  type: 'RequestAssigned';
  request: PidRequest;
  change: StatusChange;
  /** Who had it before; null when it was unassigned. */
  previousAssigneeId: string | null;
}

/** A mint finished: tell the curators and the requester. */
export interface IdentifierMinted {
  type: 'IdentifierMinted';
  request: PidRequest;
  identifier: Identifier;
  /** Where the requested identifier resolves (`https://doi.org/...`, or an ARK resolver). */
  identifierUrl: string;
  actorId: string;
}

/** A mint stopped at a step; the request is `Failed` and minting again continues from `step`. */
export interface MintFailed {
  type: 'MintFailed';
  request: PidRequest;
  step: MintStep;
  /** The provider's (or data store's) error in full. */
  error: string;
  actorId: string;
}

/** At start-up, a mint a crash interrupted was finished or marked failed. */
export interface MintReconciled {
  type: 'MintReconciled';
  request: PidRequest;
  outcome: 'completed' | 'failed';
  /** Where the interrupted attempt stood; for `failed`, the step that failed. */
  step: MintStep;
  identifier?: Identifier;
  error?: string;
}

export interface IdentifierWithdrawn {
  type: 'IdentifierWithdrawn';
  request: PidRequest;
  identifier: Identifier;
  /** Null when the curator gave none. */
  reason: string | null;
  actorId: string;
}

export interface IdentifierDeleted {
  type: 'IdentifierDeleted';
  request: PidRequest;
  identifier: Identifier;
  actorId: string;
}

export interface IdentifierMetadataPushed {
  type: 'IdentifierMetadataPushed';
  request: PidRequest;
  identifier: Identifier;
  /** The target URL sent with the metadata. */
  targetUrl: string;
  actorId: string;
}

/** A large folder is being hashed (approval, mint or the fixity sweep): a note in the request's thread, before and after. */
export interface ContentHashing {
  type: 'ContentHashing';
  request: PidRequest;
  phase: 'started' | 'finished';
  files: number;
  bytes: number;
  /** How long the hashing took; on `finished` only. */
  elapsedMs?: number;
}

/** A PID service check started failing: one channel message, whose thread gets the reminders and the recovery. */
export interface AlertRaised {
  type: 'AlertRaised';
  alert: Alert;
}

/** The alert's problem has lasted ALERT_REMIND_HOURS since curators were last told. */
export interface AlertReminder {
  type: 'AlertReminder';
  alert: Alert;
}

export interface AlertResolved {
  type: 'AlertResolved';
  alert: Alert;
  downtimeMs: number;
}

/** One public identifier that failed verify, for the sweep's summary. */
export interface SweepFailure {
  requestId: number;
  doi: string;
  message: string;
}

/** A verify sweep went through every public identifier (across resumed runs); `run.counts` has the tally. */
export interface VerifySweepCompleted {
  type: 'VerifySweepCompleted';
  run: JobRun;
  /** The first identifiers failing verify now, by request number. */
  failures: SweepFailure[];
}

/** Reminders are due: a digest for the curators and a DM for each requester a request waits on. */
export interface RemindersDue {
  type: 'RemindersDue';
  /** Waiting on curators longer than `afterDays`, oldest first (at most REMINDER_LIST_MAX); empty: no digest. */
  digest: PidRequest[];
  /** How many wait on curators in all (the digest may list fewer). */
  digestTotal: number;
  /** Requesters a request waits on, each with theirs. */
  requesters: { requesterId: string; requests: PidRequest[] }[];
  afterDays: number;
}

export type DomainEvent =
  | RemindersDue
  | RequestSubmitted
  | RequestStatusChanged
  | RequestAssigned
  | IdentifierMinted
  | MintFailed
  | MintReconciled
  | IdentifierWithdrawn
  | IdentifierDeleted
  | IdentifierMetadataPushed
  | ContentHashing
  | AlertRaised
  | AlertReminder
  | AlertResolved
  | VerifySweepCompleted;
export type DomainEventType = DomainEvent['type'];
