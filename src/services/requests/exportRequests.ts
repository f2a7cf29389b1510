import type { Identifier } from '../../domain/identifier.js';
import type { PidRequest } from '../../domain/request.js';
import type { ServiceDeps } from '../runtime/serviceDeps.js';
import { listRequests, MAX_PAGE_SIZE } from './listRequests.js';

export interface ExportedRequest {
  request: PidRequest;
  /** Undefined until minted. */
  identifier?: Identifier;
}

/**
 * Every request the actor may see (all for a curator), newest first, with its
 * identifier, a page at a time so an export of any size stays flat in memory.
 */
export async function* exportRequests(
  deps: Pick<ServiceDeps, 'uow' | 'curators'>,
  input: { actorId: string },
): AsyncGenerator<ExportedRequest[]> {
  let beforeId: number | undefined;
  do {
    const page = await listRequests(deps, { actorId: input.actorId, limit: MAX_PAGE_SIZE, beforeId });
    yield await Promise.all(
      page.items.map(async (request) => {
        const identifier = await deps.uow.repos.identifiers.findByRequest(request.id);
        return identifier ? { request, identifier } : { request };
      }),
    );
    beforeId = page.nextBeforeId;
  } while (beforeId !== undefined);
}
