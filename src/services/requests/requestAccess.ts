import { NotAllowed, NotFound } from '../../domain/errors.js';
import type { PidRequest } from '../../domain/request.js';
import type { Repositories } from '../../ports/repositories.js';
import type { ServiceDeps } from '../runtime/serviceDeps.js';

/** Refuses a non-curator with a message saying what they tried. */
export async function requireCurator(
  deps: Pick<ServiceDeps, 'curators' | 'logger'>,
  actorId: string,
  action: string,
): Promise<void> {
  if (!(await deps.curators.isCurator(actorId))) {
    deps.logger.warn('refused a curator action to a non-curator', { actorId, action });
    throw new NotAllowed(`Only curators can ${action}.`);
  }
}

/**
 * Loads a request the actor may see: their own, or any for a curator. Another
 * person's request is reported as not found, so its existence is not revealed.
 */
export async function loadVisibleRequest(
  deps: Pick<ServiceDeps, 'uow' | 'curators'>,
  actorId: string,
  requestId: number,
): Promise<PidRequest> {
  const request = await deps.uow.repos.requests.findById(requestId);
  if (request && (request.requesterId === actorId || (await deps.curators.isCurator(actorId)))) return request;
  throw new NotFound(`Request #${requestId} was not found among the requests you can see.`);
}

/** Loads any request for a curator action. */
export async function loadRequest(repos: Pick<Repositories, 'requests'>, requestId: number): Promise<PidRequest> {
  const request = await repos.requests.findById(requestId);
  if (!request) throw new NotFound(`Request #${requestId} does not exist.`);
  return request;
}

/** Loads any request for a curator's form (status, assign): the caller has checked the actor is a curator. */
export function findRequest(deps: Pick<ServiceDeps, 'uow'>, requestId: number): Promise<PidRequest> {
  return loadRequest(deps.uow.repos, requestId);
}

/** The request as stored now, or the given snapshot when it is gone (a late event about a deleted row). */
export async function currentRequest(deps: Pick<ServiceDeps, 'uow'>, snapshot: PidRequest): Promise<PidRequest> {
  return (await deps.uow.repos.requests.findById(snapshot.id)) ?? snapshot;
}
