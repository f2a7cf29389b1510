/**
 * The request's one state machine (issue 13). Every surface (Slack, CLI) and
 * every service asks it whether an action is allowed, by whom, from which
 * state, and what state follows. Guards are pure: services gather the facts
 * (who approved, whether the content changed, whether a mint is running) and
 * pass them in. Free status codes stay labels inside these states.
 */
import { type ContentChanges, hasChanges } from './contentManifest.js';
import { Conflict, ContentChangedSinceApproval, InvalidInput, NotAllowed } from './errors.js';
import { type PidRequest, WORKFLOW_STATES, type WorkflowState } from './request.js';
import { type CurationPolicy, checkTwoPersonMint } from './twoPersonRule.js';

export { WORKFLOW_STATES, type WorkflowState };

/** Whoever acts: one person may be both requester and curator of a request. */
export type WorkflowRole = 'requester' | 'curator' | 'minting';

export type WorkflowAction =
  | 'approve'
  | 'label'
  | 'assign'
  | 'request_changes'
  | 'resubmit'
  | 'decline'
  | 'cancel'
  | 'mint'
  | 'complete_mint'
  | 'fail_mint';

export interface ActionRule {
  by: readonly WorkflowRole[];
  from: readonly WorkflowState[];
  /** `stay`: the state is kept (a label, an assignment, a failed mint attempt). */
  to: WorkflowState | 'stay';
  reasonRequired: boolean;
  /** What the action does, for refusals ("… cannot <verb> …"). */
  verb: string;
}

const OPEN: readonly WorkflowState[] = ['in_review', 'changes_requested', 'approved'];
const MINTABLE: readonly WorkflowState[] = ['in_review', 'approved'];

/** The action table. */
export const WORKFLOW_ACTIONS: Readonly<Record<WorkflowAction, ActionRule>> = {
  approve: { by: ['curator'], from: OPEN, to: 'approved', reasonRequired: false, verb: 'be approved' },
  // Labels may still be appended after minting (e.g. "Metadata corrected"); they never reopen it.
  label: {
    by: ['curator'],
    from: [...OPEN, 'minted'],
    to: 'stay',
    reasonRequired: false,
    verb: 'change its status',
  },
  assign: { by: ['curator'], from: OPEN, to: 'stay', reasonRequired: false, verb: 'be assigned' },
  request_changes: {
    by: ['curator'],
    from: ['in_review', 'approved'],
    to: 'changes_requested',
    reasonRequired: true,
    verb: 'be sent back for changes',
  },
  resubmit: {
    by: ['requester'],
    from: ['changes_requested'],
    to: 'in_review',
    reasonRequired: false,
    verb: 'be resubmitted',
  },
  decline: { by: ['curator'], from: OPEN, to: 'declined', reasonRequired: true, verb: 'be declined' },
  cancel: { by: ['requester'], from: OPEN, to: 'cancelled', reasonRequired: false, verb: 'be cancelled' },
  mint: { by: ['curator'], from: MINTABLE, to: 'stay', reasonRequired: false, verb: 'be minted' },
  // A mint that reached the provider is recorded whatever happened meanwhile (a mint started blocks the rest).
  complete_mint: { by: ['minting'], from: OPEN, to: 'minted', reasonRequired: false, verb: 'be completed' },
  fail_mint: { by: ['minting'], from: OPEN, to: 'stay', reasonRequired: false, verb: 'fail minting' },
};

/** Facts the services gather for the guards; a guard runs only when its fact is given. */
export interface WorkflowFacts {
  roles: ReadonlySet<WorkflowRole>;
  reason?: string | null;
  /** Two-person minting: the policy, the minting curator and who approved. */
  twoPerson?: { policy: CurationPolicy; minterId: string; approverId: string | undefined };
  /** The folder's content compared with the approved manifest. */
  contentSinceApproval?: { folder: string; changes: ContentChanges };
  /** A mint attempt has started (running, or failed part-way with a reserved identifier). */
  mintStarted?: boolean;
}

/** The request's state; rows written before the workflow existed read as minted when closed. */
export function workflowStateOf(request: Pick<PidRequest, 'workflowState' | 'closedAt'>): WorkflowState {
  if (request.closedAt !== null && OPEN.includes(request.workflowState)) return 'minted';
  return request.workflowState;
}

export function isTerminal(state: WorkflowState): boolean {
  return state === 'minted' || state === 'declined' || state === 'cancelled';
}

const STATE_WORDS: Record<WorkflowState, string> = {
  in_review: 'in review',
  changes_requested: 'waiting for the requester’s changes',
  approved: 'approved',
  minted: 'already complete (its identifier was minted)',
  declined: 'declined',
  cancelled: 'cancelled',
};

export function describeState(state: WorkflowState): string {
  return STATE_WORDS[state];
}

/** The roles `actorId` holds on the request (being a curator is looked up by the caller). */
export function rolesOf(
  request: Pick<PidRequest, 'requesterId'>,
  actorId: string,
  isCurator: boolean,
): Set<WorkflowRole> {
  const roles = new Set<WorkflowRole>();
  if (request.requesterId === actorId) roles.add('requester');
  if (isCurator) roles.add('curator');
  return roles;
}

/** Whether the roles may take the action from the request's state, before guards (for showing buttons). */
export function mayTake(
  request: Pick<PidRequest, 'workflowState' | 'closedAt'>,
  action: WorkflowAction,
  roles: ReadonlySet<WorkflowRole>,
): boolean {
  const rule = WORKFLOW_ACTIONS[action];
  return rule.by.some((role) => roles.has(role)) && rule.from.includes(workflowStateOf(request));
}

/**
 * Checks the action against the table and its guards; returns the state that
 * follows or throws the typed refusal (NotAllowed for the wrong role, Conflict
 * for the wrong state, InvalidInput for a missing reason, the guards' own).
 */
export function checkTransition(
  request: Pick<PidRequest, 'id' | 'workflowState' | 'closedAt'>,
  action: WorkflowAction,
  facts: WorkflowFacts,
): WorkflowState {
  const rule = WORKFLOW_ACTIONS[action];
  const state = workflowStateOf(request);
  if (!rule.by.some((role) => facts.roles.has(role)))
    throw new NotAllowed(
      `Only ${rule.by.map(roleWords).join(' or ')} can ask for request #${request.id} to ${rule.verb}.`,
    );
  if (!rule.from.includes(state))
    throw new Conflict(`Request #${request.id} is ${describeState(state)}, so it cannot ${rule.verb}.`);
  if (rule.reasonRequired && !facts.reason?.trim())
    throw new InvalidInput(
      [{ path: 'reason', description: 'give a reason: the requester reads it' }],
      `Request #${request.id} cannot ${rule.verb} without a reason`,
    );
  if (facts.mintStarted && (action === 'cancel' || action === 'decline' || action === 'request_changes'))
    throw new Conflict(
      `A mint was started for request #${request.id}, so it can no longer ${rule.verb}; ask a curator to finish minting.`,
    );
  if (action === 'mint') {
    if (facts.twoPerson) checkTwoPersonMint(facts.twoPerson.policy, { requestId: request.id, ...facts.twoPerson });
    const content = facts.contentSinceApproval;
    if (content && hasChanges(content.changes))
      throw new ContentChangedSinceApproval(request.id, content.folder, content.changes);
  }
  return rule.to === 'stay' ? state : rule.to;
}

function roleWords(role: WorkflowRole): string {
  return role === 'requester' ? 'the requester' : role === 'curator' ? 'curators' : 'the minting process';
}

/** Whose move it is: curators review open requests, the requester makes asked-for changes, closed ones wait on nobody. */
export type WaitsOn = 'curators' | 'requester' | 'nobody';

export function waitsOn(request: Pick<PidRequest, 'workflowState' | 'closedAt'>): WaitsOn {
  const state = workflowStateOf(request);
  if (state === 'changes_requested') return 'requester';
  return isTerminal(state) ? 'nobody' : 'curators';
}
