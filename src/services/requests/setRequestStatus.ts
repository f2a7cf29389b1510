import { Conflict, InvalidInput } from '../../domain/errors.js';
import type { RequestStatusChanged } from '../../domain/events.js';
import type { PidRequest, StatusChange } from '../../domain/request.js';
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
    { allowReserved: false, ...(freeze && { alsoInTransaction: freeze }) },
  );
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
    const at = clock.now().toISOString();
    if (request.status === code.code) {
      await options.alsoInTransaction?.(repos, request, undefined, at);
      return { request, createdCode };
    }
    const updated = await repos.requests.update(request.id, {
      status: code.code,
      updatedAt: at,
      ...(code.code === STATUS.completion && { closedAt: at }),
    });
    const change = await repos.history.append({
      requestId: request.id,
      fromStatus: request.status,
      toStatus: code.code,
      actorId: input.actorId,
      comment: input.comment,
      at,
    });
    const event: RequestStatusChanged = { type: 'RequestStatusChanged', request: updated, change };
    await repos.outbox.add(event, at);
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
