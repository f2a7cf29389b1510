import { NotFound } from '../../domain/errors.js';
import { type FindQuery, parseFindQuery, parseIdentifier } from '../../domain/findQuery.js';
import type { PidRequest } from '../../domain/request.js';
import type { ServiceDeps } from '../runtime/serviceDeps.js';
import { loadVisibleRequest } from './requestAccess.js';

export const FIND_LIMIT = 20;

export interface FoundRequests {
  query: FindQuery;
  /** Newest first, at most FIND_LIMIT. */
  items: PidRequest[];
  /** More matched than are shown. */
  more: boolean;
  scope: 'all' | 'own';
}

/**
 * `/pid find`: requests by words of their title, creators or folder name, by DOI or ARK, or by requester.
 * Curators search every request; anyone else only their own, whatever they ask for.
 */
export async function findRequests(
  deps: Pick<ServiceDeps, 'uow' | 'curators'>,
  input: { actorId: string; text: string },
): Promise<FoundRequests> {
  const query = parseFindQuery(input.text);
  const curator = await deps.curators.isCurator(input.actorId);
  const requesterId = curator ? undefined : input.actorId;
  const { repos } = deps.uow;
  let found: PidRequest[];
  if (query.kind === 'words') {
    found = await repos.requestSearch.search(query.words, { requesterId }, FIND_LIMIT + 1);
  } else if (query.kind === 'user') {
    found =
      requesterId !== undefined && query.userId !== requesterId
        ? []
        : (await repos.requests.list({ requesterId: query.userId }, { limit: FIND_LIMIT + 1 })).items;
  } else {
    const request = await requestByIdentifier(deps, query);
    found = request && (requesterId === undefined || request.requesterId === requesterId) ? [request] : [];
  }
  return {
    query,
    items: found.slice(0, FIND_LIMIT),
    more: found.length > FIND_LIMIT,
    scope: curator ? 'all' : 'own',
  };
}

async function requestByIdentifier(
  deps: Pick<ServiceDeps, 'uow'>,
  query: Extract<FindQuery, { kind: 'doi' | 'ark' }>,
): Promise<PidRequest | undefined> {
  const { identifiers, requests } = deps.uow.repos;
  const identifier =
    query.kind === 'doi'
      ? await identifiers.findByDoi(query.doi)
      : ((await identifiers.findByArk(query.ark)) ?? (await identifiers.findByArk(query.ark.toLowerCase())));
  return identifier && requests.findById(identifier.requestId);
}

/**
 * A request number (`12`, `#12`), DOI or ARK → the request's number, for `/pid show` and `/pid preview`.
 * Another person's request is reported as not found, as `loadVisibleRequest` does.
 */
export async function resolveRequestReference(
  deps: Pick<ServiceDeps, 'uow' | 'curators'>,
  actorId: string,
  reference: number | string,
): Promise<number> {
  if (typeof reference === 'number') return reference;
  const query = parseIdentifier(reference);
  const request = query && (await requestByIdentifier(deps, query));
  const named = query ? (query.kind === 'doi' ? query.doi : query.ark) : reference;
  if (!request) throw new NotFound(`No request has the identifier ${named} among the requests you can see.`);
  return (
    await loadVisibleRequest(deps, actorId, request.id).catch(() => {
      throw new NotFound(`No request has the identifier ${named} among the requests you can see.`);
    })
  ).id;
}
