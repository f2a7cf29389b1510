import type { DataCiteMetadata } from '../../domain/metadata/dataciteMetadata.js';
import { requestIdForItem } from '../../domain/request.js';
import type { ServiceDeps } from '../runtime/serviceDeps.js';
import { registrationPayloadFor } from './registrationPayload.js';

export interface ItemRegistrationMetadata {
  itemId: string;
  doi: string;
  /** The folder's DataCite JSON as it is now. */
  metadata: DataCiteMetadata;
  /** The DataCite XML a registrar harvests (the same pidbot hands a provider when publishing). */
  xml: string;
}

/**
 * The repository side of a PID service that harvests metadata (the PURL
 * service's `update`): what pidbot holds for a repository item. Only items
 * with a live identifier are served; anything else is undefined (404). The
 * folder's metadata must be valid: `InvalidInput` lists its problems.
 */
export async function itemRegistrationMetadata(
  deps: Pick<ServiceDeps, 'uow' | 'dataStore' | 'registration'>,
  itemId: string,
): Promise<ItemRegistrationMetadata | undefined> {
  const requestId = requestIdForItem(deps.registration.itemIdTemplate, itemId);
  if (requestId === undefined) return undefined;
  const { repos } = deps.uow;
  const [request, identifier] = await Promise.all([
    repos.requests.findById(requestId),
    repos.identifiers.findByRequest(requestId),
  ]);
  if (!request || !identifier || identifier.state === 'deleted' || identifier.itemId !== itemId) return undefined;
  const { metadata, xml } = await registrationPayloadFor(deps, request, identifier);
  return { itemId, doi: identifier.doi, metadata, xml };
}
