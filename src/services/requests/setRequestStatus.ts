import { Conflict, InvalidInput } from '../../domain/errors.js';
import type { RequestStatusChanged } from '../../domain/events.js';
import type { PidRequest, StatusChange } from '../../domain/request.js';
import {
  checkTransition,
  type WorkflowAction,
  type WorkflowRole,
  type WorkflowState,
} from '../../domain/requestWorkflow.js';
import { checkNewStatusCode, matchStatusCode, STATUS } from '../../domain/statusCodes.js';
import type { Repositories } from '../../ports/repositories.js';
import { freezeOnApproval } from '../fixity/frozenContent.js';
import type { ServiceDeps } from '../runtime/serviceDeps.js';
import { loadRequest, requireCurator } from './requestAccess.js';

export interface SetRequestStatusInput {
  actorId: string;
  requestId: number;
  /** An existing code (any case) or a new one, which is saved for reuse. */
  status: string;
  comment?: string;
  /** Description for a new code; ignored for an existing one. */
  newCodeDescription?: string;
}

export interface StatusChangeOutcome {
  request: PidRequest;
  /** Undefined when the request already had this status (nothing was written). */
  change?: StatusChange;
  createdCode: boolean;
}

export const MAX_COMMENT_LENGTH = 2000;

/** Statuses only minting may set: setting them by hand would claim an identifier that does not exist. */
const SET_BY_MINTING = new Set<string>([STATUS.completion]);
/** Statuses the workflow's own actions set, with their effects (the folder's move, the requester's DM). */
const SET_BY_ACTION: ReadonlyMap<string, string> = new Map([
  [STATUS.changesRequested, 'Request changes'],
  [STATUS.declined, 'Decline'],
  [STATUS.cancelled, 'Cancel (the requester)'],
]);

/**
 * A curator sets a request's status; the change is appended to the history and
 * announced. After `Completion` a curator may still append a status (a label
 * such as "Metadata corrected"): it never changes the identifier and never
 * reopens minting (the request stays closed).
 */
export async function setRequestStatus(deps: ServiceDeps, input: SetRequestStatusInput): Promise<StatusChangeOutcome> {
  await requireCurator(deps, input.actorId, 'change the status of a request');
  const comment = input.comment?.trim() || null;
  if (comment && comment.length > MAX_COMMENT_LENGTH) {
    throw new InvalidInput([
      { path: 'comment', description: `is ${comment.length} characters; keep it under ${MAX_COMMENT_LENGTH}` },
    ]);
  }
  // Approval freezes the folder's content: hashed before the transaction, recorded in it.
  const freeze = await freezeOnApproval(deps, input);
  return changeStatus(
    deps,
    { ...input, comment },
    { allowReserved: false, roles: new Set(['curator']), ...(freeze && { alsoInTransaction: freeze }) },
  );
}

/** Which workflow action setting a status is: approving, or putting a label on the request. */
function statusAction(code: string, allowReserved: boolean): WorkflowAction {
  if (allowReserved && code === STATUS.completion) return 'complete_mint';
  if (allowReserved && code === STATUS.failed) return 'fail_mint';
  return code === STATUS.approved ? 'approve' : 'label';
}

/**
 * The one place a status changes (curators, minting and the scheduler all come
 * here), inside one transaction with its history row and its event.
 */
export async function changeStatus(
  deps: ServiceDeps,
  input: Omit<SetRequestStatusInput, 'comment'> & { comment: string | null },
  options: {
    allowReserved: boolean;
    /** Who acts, for the workflow's check (`minting` for the mint's own completion and failure). */
    roles: ReadonlySet<WorkflowRole>;
    /** Writes that must commit with the status (minting's journal and events); runs even when the status is unchanged. */
    alsoInTransaction?: (
      repos: Repositories,
      request: PidRequest,
      change: StatusChange | undefined,
      at: string,
    ) => Promise<void>;
  },
): Promise<StatusChangeOutcome> {
  const { clock } = deps;
  const outcome = await deps.uow.transaction(async (repos) => {
    const request = await loadRequest(repos, input.requestId);
    const codes = await repos.statusCodes.list();
    let code = matchStatusCode(codes, input.status);
    let createdCode = false;
    if (!code) {
      const checked = checkNewStatusCode(input.status);
      if (!checked.ok) throw new InvalidInput([checked.problem]);
      code = await repos.statusCodes.add(
        { code: checked.code, description: input.newCodeDescription?.trim() || `Added by a curator`, builtin: false },
        input.actorId,
        clock.now().toISOString(),
      );
      createdCode = true;
    }
    if (!options.allowReserved && SET_BY_MINTING.has(code.code)) {
      throw new Conflict(`"${code.code}" is set by minting; use Mint to create the identifier.`);
    }
    const byAction = SET_BY_ACTION.get(code.code);
    if (byAction)
      throw new Conflict(`"${code.code}" is set by the ${byAction} action, which also tells the requester.`);
    const action = statusAction(code.code, options.allowReserved);
    const to = checkTransition(request, action, { roles: options.roles });
    const at = clock.now().toISOString();
    if (request.status === code.code && request.workflowState === to) {
      await options.alsoInTransaction?.(repos, request, undefined, at);
      return { request, createdCode };
    }
    const { request: updated, change } = await recordTransition(repos, request, {
      action,
      to,
      status: code.code,
      actorId: input.actorId,
      comment: input.comment,
      at,
    });
    await options.alsoInTransaction?.(repos, updated, change, at);
    return { request: updated, change, createdCode };
  });
  if (outcome.change) {
    deps.logger.info('request status changed', {
      requestId: outcome.request.id,
      from: outcome.change.fromStatus,
      to: outcome.change.toStatus,
      actorId: input.actorId,
    });
  }
  if (outcome.change || options.alsoInTransaction) deps.events.kick();
  return outcome;
}

export interface TransitionRecord {
  action: WorkflowAction;
  to: WorkflowState;
  status: string;
  actorId: string;
  comment: string | null;
  at: string;
}

/**
 * Writes a checked transition inside the caller's transaction: the request's
 * state and status, its history row and the event that tells Slack. Closing
 * states (minted, declined, cancelled) close the request.
 */
export async function recordTransition(
  repos: Repositories,
  request: PidRequest,
  record: TransitionRecord,
): Promise<{ request: PidRequest; change: StatusChange }> {
  const closes = record.to === 'minted' || record.to === 'declined' || record.to === 'cancelled';
  const updated = await repos.requests.update(request.id, {
    status: record.status,
    workflowState: record.to,
    updatedAt: record.at,
    ...(closes && request.closedAt === null && { closedAt: record.at }),
  });
  const change = await repos.history.append({
    requestId: request.id,
    fromStatus: request.status,
    toStatus: record.status,
    actorId: record.actorId,
    comment: record.comment,
    at: record.at,
  });
  const event: RequestStatusChanged = { type: 'RequestStatusChanged', request: updated, change, action: record.action };
  await repos.outbox.add(event, record.at);
  return { request: updated, change };
}
