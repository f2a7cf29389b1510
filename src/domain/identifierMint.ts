/**
 * The mint of one request as a journal of steps. Every attempt is a journal
 * row; a failed or interrupted attempt is continued by the next one from the
 * step it stopped at, so an identifier is never created twice.
 */
import { PidbotError } from './errors.js';

export const MINT_STEPS = ['create', 'write_metadata', 'update', 'publish', 'move', 'complete'] as const;
export type MintStep = (typeof MINT_STEPS)[number];

/** What each step does, in words a curator reads in Slack. */
export const MINT_STEP_LABELS: Record<MintStep, string> = {
  create: 'reserve the identifier at the PID service (create)',
  write_metadata: "write the identifier and date into the folder's datacite.json",
  update: 'send the metadata to the registrar (update)',
  publish: 'make the identifier public (state)',
  move: 'move the folder from staging to curated',
  complete: 'record the request as complete',
};

/** An unexpected (non-typed) failure, e.g. a disk error: the request is in a state a curator must look at. */

export type MintAttemptStatus = 'running' | 'failed' | 'done';

export interface MintAttempt {
  id: number;
  requestId: number;
  itemId: string;
  /** The step running now, or the step it failed at. */
  step: MintStep;
  status: MintAttemptStatus;
  /** The failed step of the previous attempt this one continues; null for a first attempt. */
  resumedFrom: MintStep | null;
  startedBy: string;
  startedAt: string;
  updatedAt: string;
  finishedAt: string | null;
  error: string | null;
}

/** A mint stopped at `step`; the request is `Failed` and minting again continues from there. */
export class MintFailedError extends PidbotError {
  readonly requestId: number;
  readonly step: MintStep;
  /** The underlying error's message in full (the provider's own words when it refused). */
  readonly providerMessage: string;
  constructor(requestId: number, step: MintStep, cause: unknown) {
    const providerMessage = cause instanceof Error ? cause.message : String(cause);
    super(
      'mint_failed',
      `Minting request #${requestId} failed at step "${MINT_STEP_LABELS[step]}": ${providerMessage}. Fix the problem and mint again; it continues from this step.`,
      { cause },
    );
    this.requestId = requestId;
    this.step = step;
    this.providerMessage = providerMessage;
  }
}
