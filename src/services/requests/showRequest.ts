import type { RequestDetails } from '../../domain/request.js';
import type { ServiceDeps } from '../runtime/serviceDeps.js';
import { loadVisibleRequest } from './requestAccess.js';

/** One request with its full status history, for its requester or a curator. */
export async function showRequest(
  deps: Pick<ServiceDeps, 'uow' | 'curators'>,
  input: { actorId: string; requestId: number },
): Promise<RequestDetails> {
  const request = await loadVisibleRequest(deps, input.actorId, input.requestId);
  return { request, history: await deps.uow.repos.history.forRequest(request.id) };
}
