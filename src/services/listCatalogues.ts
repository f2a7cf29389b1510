import type { RequestType } from '../domain/request.js';
import type { StatusCode } from '../domain/statusCodes.js';
import type { ServiceDeps } from './serviceDeps.js';

/** The request types a requester can choose from. */
export function listRequestTypes(deps: Pick<ServiceDeps, 'uow'>): Promise<RequestType[]> {
  return deps.uow.repos.requestTypes.list();
}

/** Every status code, built-in first, then curators' own in the order they were added. */
export function listStatusCodes(deps: Pick<ServiceDeps, 'uow'>): Promise<StatusCode[]> {
  return deps.uow.repos.statusCodes.list();
}
