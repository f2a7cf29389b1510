import { type Identifier, requestedIdentifier, requestedIdentifierUrl } from '../../domain/identifier.js';
import { type MetadataSummary, metadataSummary } from '../../domain/metadata/registrarPayload.js';
import { isCompleted, type PidRequest } from '../../domain/request.js';
import { approverOf } from '../../domain/twoPersonRule.js';
import type { FolderLocation } from '../../ports/dataStore.js';
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
  /** Present when two-person minting is on and the request is open: who approved it (null: no one yet), so Mint can say who may not. */
  twoPersonMint?: { approverId: string | null };
}

export async function loadRequestCard(
  deps: Pick<ServiceDeps, 'uow' | 'dataStore' | 'logger' | 'clock' | 'curation'>,
  request: PidRequest,
): Promise<RequestCard> {
  const summary = await cachedSummary(deps, request.id, folderLocationOf(request)).catch((error: unknown) => {
    deps.logger.warn('could not read metadata for a request card', { requestId: request.id, err: error });
    return undefined;
  });
  const identifier = await deps.uow.repos.identifiers.findByRequest(request.id);
  const twoPersonMint =
    deps.curation.requireTwoCurators && !isCompleted(request)
      ? { approverId: approverOf(await deps.uow.repos.history.forRequest(request.id)) ?? null }
      : undefined;
  return {
    request,
    ...(summary && { summary }),
    ...(twoPersonMint && { twoPersonMint }),
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

/**
 * The folder's metadata summary, validated again only when the file changed
 * since the last card (its stamp differs): every App Home open and card
 * refresh would otherwise read and validate each folder's file anew.
 */
async function cachedSummary(
  deps: Pick<ServiceDeps, 'uow' | 'dataStore' | 'clock'>,
  requestId: number,
  location: FolderLocation,
): Promise<MetadataSummary | undefined> {
  const stamp = await deps.dataStore.metadataFileStamp(location);
  if (stamp === undefined) return undefined;
  const { metadataSummaries } = deps.uow.repos;
  const cached = await metadataSummaries.find(requestId);
  if (cached?.stamp === stamp) return cached.summary ?? undefined;
  // Stored under the stamp taken before reading: a change in between leaves a stale stamp, so it is read again next time.
  const metadata = await readFolderMetadata(deps, location);
  const summary = metadata.ok ? metadataSummary(metadata.metadata) : null;
  await metadataSummaries.store({ requestId, stamp, summary, at: deps.clock.now().toISOString() });
  return summary ?? undefined;
}
