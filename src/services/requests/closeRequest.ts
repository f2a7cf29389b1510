import { Conflict } from '../../domain/errors.js';
import type { PidRequest } from '../../domain/request.js';
import { checkTransition } from '../../domain/requestWorkflow.js';
import { STATUS } from '../../domain/statusCodes.js';
import type { FolderLocation } from '../../ports/dataStore.js';
import type { Repositories } from '../../ports/repositories.js';
import type { ServiceDeps } from '../runtime/serviceDeps.js';
import { moveFolderWithRecord } from './moveFolderWithRecord.js';
import { loadRequest } from './requestAccess.js';
import { codeOf, type WorkflowActionInput, type WorkflowActionOutcome } from './requestChanges.js';
import { folderLocationOf } from './requestFolder.js';
import { recordTransition } from './setRequestStatus.js';
import { actorRoles, mintStarted, reasonText } from './workflowFacts.js';

/** A curator declines the request (a reason is required): it closes, and the folder goes back to the requester's home. */
export function declineRequest(deps: ServiceDeps, input: WorkflowActionInput): Promise<WorkflowActionOutcome> {
  return closeRequest(deps, input, 'decline');
}

/** The requester cancels the request before it is minted: it closes, and the folder goes back to their home. */
export function cancelRequest(deps: ServiceDeps, input: WorkflowActionInput): Promise<WorkflowActionOutcome> {
  return closeRequest(deps, input, 'cancel');
}

/**
 * Closes the request and moves its folder from staging back to where it came
 * from in the requester's home, as one unit with the record (moveFolderWithRecord):
 * nothing of theirs is lost. If that place is taken now, the folder goes next
 * to it under a name that says which request it returns from.
 */
async function closeRequest(
  deps: ServiceDeps,
  input: WorkflowActionInput,
  action: 'decline' | 'cancel',
): Promise<WorkflowActionOutcome> {
  const reason = reasonText(input.reason);
  const request = await loadRequest(deps.uow.repos, input.requestId);
  const roles = await actorRoles(deps, request, input.actorId);
  const check = async (current: PidRequest, repos: Pick<Repositories, 'mintJournal'>) =>
    checkTransition(current, action, { roles, reason, mintStarted: await mintStarted(repos, current.id) });
  await check(request, deps.uow.repos);
  if (request.area !== 'staging')
    throw new Conflict(`The folder of request #${request.id} is not in staging; ask an operator to look at it.`);
  const sourcePath = await freeHomePath(deps, request);
  const home: FolderLocation = { area: 'home', owner: request.requesterId, path: sourcePath };
  const outcome = await moveFolderWithRecord(deps, folderLocationOf(request), home, async (repos) => {
    const current = await loadRequest(repos, request.id);
    const to = await check(current, repos);
    const at = deps.clock.now().toISOString();
    const moved = await repos.requests.update(current.id, { area: 'home', sourcePath, updatedAt: at });
    const returned = sourcePath === request.sourcePath ? '' : ` The folder is back in your home as "${sourcePath}".`;
    return recordTransition(repos, moved, {
      action,
      to,
      status: await codeOf(repos, action === 'decline' ? STATUS.declined : STATUS.cancelled),
      actorId: input.actorId,
      comment: reason ? `${reason}${returned}` : returned.trim() || null,
      at,
    });
  });
  deps.logger.info(`request ${action === 'decline' ? 'declined' : 'cancelled'}`, {
    requestId: request.id,
    actorId: input.actorId,
  });
  deps.events.kick();
  return outcome;
}

async function freeHomePath(deps: ServiceDeps, request: PidRequest): Promise<string> {
  const taken = (path: string) => deps.dataStore.exists({ area: 'home', owner: request.requesterId, path });
  if (!(await taken(request.sourcePath))) return request.sourcePath;
  for (let n = 1; ; n++) {
    const path = `${request.sourcePath}-returned-from-request-${request.id}${n > 1 ? `-${n}` : ''}`;
    if (!(await taken(path))) return path;
  }
}
