import { checkAssignment } from '../../domain/assignment.js';
import type { RequestAssigned } from '../../domain/events.js';
import type { PidRequest, StatusChange } from '../../domain/request.js';
import type { ServiceDeps } from '../runtime/serviceDeps.js';
import { loadRequest, requireCurator } from './requestAccess.js';

export interface AssignRequestInput {
  actorId: string;
  requestId: number;
  /** The curator to look after the request: the actor ("Assign to me") or another curator. */
  assigneeId: string;
}

export interface AssignmentOutcome {
  request: PidRequest;
  /** The history row recording the assignment; undefined when the request was already theirs (nothing written). */
  change?: StatusChange;
}

/**
 * A curator assigns a request to themselves or hands it to another curator.
 * The request names the assignee, the history records who assigned it to whom
 * (the status stays), and the event updates the card and tells a new assignee.
 */
export async function assignRequest(deps: ServiceDeps, input: AssignRequestInput): Promise<AssignmentOutcome> {
  await requireCurator(deps, input.actorId, 'assign requests');
  const isCurator = input.assigneeId === input.actorId || (await deps.curators.isCurator(input.assigneeId));
  const outcome = await deps.uow.transaction(async (repos) => {
    const request = await loadRequest(repos, input.requestId);
    if (checkAssignment(request, { id: input.assigneeId, isCurator }) === 'unchanged') return { request };
    const at = deps.clock.now().toISOString();
    const updated = await repos.requests.update(request.id, { assigneeId: input.assigneeId, updatedAt: at });
    const change = await repos.history.append({
      requestId: request.id,
      fromStatus: request.status,
      toStatus: request.status,
      actorId: input.actorId,
      comment: null,
      assigneeId: input.assigneeId,
      at,
    });
    const event: RequestAssigned = {
      type: 'RequestAssigned',
      request: updated,
      change,
      previousAssigneeId: request.assigneeId,
    };
    await repos.outbox.add(event, at);
    return { request: updated, change };
  });
  if (outcome.change) {
    deps.logger.info('request assigned', {
      requestId: outcome.request.id,
      assigneeId: input.assigneeId,
      actorId: input.actorId,
    });
    deps.events.kick();
  }
  return outcome;
}
