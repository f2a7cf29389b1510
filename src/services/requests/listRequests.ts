import { InvalidInput } from '../../domain/errors.js';
import type { PidRequest } from '../../domain/request.js';
import type { Page, RequestFilter } from '../../ports/repositories.js';
import type { ServiceDeps } from '../runtime/serviceDeps.js';

export interface ListRequestsInput {
  actorId: string;
  filter?: RequestFilter;
  limit?: number;
  /** The `nextBeforeId` of the previous page. */
  beforeId?: number;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/**
 * Lists requests newest first, a page at a time. Curators see all and may
 * filter by requester; anyone else sees only their own, whatever they ask for.
 */
export async function listRequests(
  deps: Pick<ServiceDeps, 'uow' | 'curators'>,
  input: ListRequestsInput,
): Promise<Page<PidRequest> & { scope: 'all' | 'own' }> {
  const limit = input.limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new InvalidInput([{ path: 'limit', description: `must be a whole number from 1 to ${MAX_PAGE_SIZE}` }]);
  }
  const curator = await deps.curators.isCurator(input.actorId);
  const filter: RequestFilter = { ...input.filter, ...(!curator && { requesterId: input.actorId }) };
  const page = await deps.uow.repos.requests.list(filter, { limit, beforeId: input.beforeId });
  return { ...page, scope: curator ? 'all' : 'own' };
}
