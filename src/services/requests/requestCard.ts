import { type Identifier, requestedIdentifier, requestedIdentifierUrl } from '../../domain/identifier.js';
import { type MetadataSummary, metadataSummary } from '../../domain/metadata/registrarPayload.js';
import type { PidRequest } from '../../domain/request.js';
import type { ServiceDeps } from '../runtime/serviceDeps.js';
import { readFolderMetadata } from './readFolderMetadata.js';
import { folderLocationOf } from './requestFolder.js';

/** Everything a request's message shows, gathered in one place for every surface (Slack, CLI). */
export interface RequestCard {
  request: PidRequest;
  /** Absent when the folder's metadata cannot be read or is no longer valid. */
  summary?: MetadataSummary;
  /** The live identifier (a deleted one is not shown); `shown` is what was requested: the ARK of an ARK request, else the DOI. */
  identifier?: Pick<Identifier, 'doi' | 'ark' | 'state' | 'stateReason'> & { shown: string; url: string };
}

export async function loadRequestCard(
  deps: Pick<ServiceDeps, 'uow' | 'dataStore' | 'logger'>,
  request: PidRequest,
): Promise<RequestCard> {
  const metadata = await readFolderMetadata(deps, folderLocationOf(request)).catch((error: unknown) => {
    deps.logger.warn('could not read metadata for a request card', { requestId: request.id, err: error });
    return undefined;
  });
  const identifier = await deps.uow.repos.identifiers.findByRequest(request.id);
  return {
    request,
    ...(metadata?.ok && { summary: metadataSummary(metadata.metadata) }),
    ...(identifier &&
      identifier.state !== 'deleted' && {
        identifier: {
          doi: identifier.doi,
          ark: identifier.ark,
          shown: requestedIdentifier(request.type, identifier),
          state: identifier.state,
          stateReason: identifier.stateReason,
          url: requestedIdentifierUrl(request.type, identifier),
        },
      }),
  };
}
