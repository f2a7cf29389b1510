/**
 * The mint of one request as a journal of steps. Every attempt is a journal
 * row; a failed or interrupted attempt is continued by the next one from the
 * step it stopped at, so an identifier is never created twice.
 */
import { Conflict, PidbotError } from './errors.js';
import type { WorkOwner } from './workOwner.js';

export const MINT_STEPS = ['reserve', 'write_metadata', 'publish', 'move', 'complete'] as const;
export type MintStep = (typeof MINT_STEPS)[number];

/** What each step does, in words a curator reads in Slack. */
export const MINT_STEP_LABELS: Record<MintStep, string> = {
  reserve: 'reserve a draft identifier at the PID service',
  write_metadata: "write the identifier and date into the folder's datacite.json",
  publish: 'register the metadata and target URL and make the identifier findable',
  move: 'move the folder from staging to curated',
  complete: 'record the request as complete',
};

/** `interrupted`: its process stopped (a signal, a shutdown past its grace) and released it; the next mint continues it. */
export type MintAttemptStatus = 'running' | 'failed' | 'done' | 'interrupted';

export interface MintAttempt {
  id: number;
  requestId: number;
  itemId: string;
  /** The step running now, or the step it failed at. */
  step: MintStep;
  status: MintAttemptStatus;
  /** The failed step of the previous attempt this one continues; null for a first attempt. */
  resumedFrom: MintStep | null;
  /** The DOI chosen before the first provider call, when the provider lets pidbot choose (carried over by resumed attempts). */
  plannedDoi: string | null;
  startedBy: string;
  startedAt: string;
  updatedAt: string;
  finishedAt: string | null;
  error: string | null;
  /** The process running it; null for attempts recorded before owners were (they count as gone). */
  owner: WorkOwner | null;
  /** The owner's last sign of life. */
  heartbeatAt: string | null;
}

/**
 * The attempt is no longer this process's to continue: it was released (this
 * process is stopping) or taken over by another process after this one was
 * silent past its lease. Nothing is recorded; the attempt's owner finishes it.
 */
export class MintNotOwned extends Conflict {
  readonly requestId: number;
  constructor(requestId: number) {
    super(
      `The mint of request #${requestId} is no longer run by this process (it was released or taken over); its owner finishes it, or minting again continues it.`,
    );
    this.requestId = requestId;
  }
}

/** A mint stopped at `step`; the request is `Failed` and minting again continues from there. */
export class MintFailedError extends PidbotError {
  readonly requestId: number;
  readonly step: MintStep;
  /** The underlying error's message in full (the provider's own words when it refused). */
  readonly providerMessage: string;
  constructor(requestId: number, step: MintStep, cause: unknown) {
    const providerMessage = cause instanceof Error ? cause.message : String(cause);
    // Provider messages often end a sentence already ("Try again later."): no second full stop.
    const ended = /[.!?]$/.test(providerMessage) ? '' : '.';
    super(
      'mint_failed',
      `Minting request #${requestId} failed at step "${MINT_STEP_LABELS[step]}": ${providerMessage}${ended} Fix the problem and mint again; it continues from this step.`,
      { cause },
    );
    this.requestId = requestId;
    this.step = step;
    this.providerMessage = providerMessage;
  }
}
