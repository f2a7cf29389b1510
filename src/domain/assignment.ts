import { Conflict, InvalidInput } from './errors.js';
import { isCompleted, type PidRequest } from './request.js';
import { checkTransition } from './requestWorkflow.js';

/** The curator a request is being assigned to, as the curator directory knows them. */
export interface Assignee {
  id: string;
  isCurator: boolean;
}

/**
 * Whether a curator may assign the request to `assignee` (the actor being a
 * curator is checked before): open requests only, and only to a curator.
 * `unchanged` when it is already theirs, so nothing is written twice.
 */
export function checkAssignment(request: PidRequest, assignee: Assignee): 'assign' | 'unchanged' {
  if (isCompleted(request))
    throw new Conflict(`Request #${request.id} is complete (its identifier was minted); there is nothing to assign.`);
  if (!assignee.isCurator)
    throw new InvalidInput(
      [
        {
          path: 'assignee',
          description: `${assignee.id} is not a curator; a request can be assigned only to a curator (CURATOR_USER_IDS or the curator user group)`,
        },
      ],
      `Request #${request.id} was not assigned`,
    );
  checkTransition(request, 'assign', { roles: new Set(['curator']) });
  return request.assigneeId === assignee.id ? 'unchanged' : 'assign';
}
