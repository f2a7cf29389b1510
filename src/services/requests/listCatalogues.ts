import type { RequestType } from '../../domain/request.js';
import type { StatusCode } from '../../domain/statusCodes.js';
import type { ServiceDeps } from '../runtime/serviceDeps.js';

/** The request types a requester can choose from: those the configured PID service mints. */
export async function listRequestTypes(deps: Pick<ServiceDeps, 'uow' | 'pids'>): Promise<RequestType[]> {
  const minted: readonly string[] = deps.pids.identifierTypes;
  return (await deps.uow.repos.requestTypes.list()).filter((type) => minted.includes(type.name));
}

/** Every status code, built-in first, then curators' own in the order they were added. */
export function listStatusCodes(deps: Pick<ServiceDeps, 'uow'>): Promise<StatusCode[]> {
  return deps.uow.repos.statusCodes.list();
}

/** What the request form offers a requester: their folders in the data store and the types they can ask for. */
export async function requestFormChoices(
  deps: Pick<ServiceDeps, 'uow' | 'pids' | 'dataStore'>,
  requesterId: string,
): Promise<{ folders: string[]; types: RequestType[] }> {
  const [folders, types] = await Promise.all([listHomeFolders(deps, requesterId), listRequestTypes(deps)]);
  return { folders, types };
}

/** The folders in a requester's home, the ones they can describe or ask an identifier for. */
export function listHomeFolders(deps: Pick<ServiceDeps, 'dataStore'>, requesterId: string): Promise<string[]> {
  return deps.dataStore.listHomeFolders(requesterId);
}
