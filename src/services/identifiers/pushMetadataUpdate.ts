import { InvalidInput } from '../../domain/errors.js';
import { assertLive } from '../../domain/identifier.js';
import type { DataCiteMetadata } from '../../domain/metadata/dataciteMetadata.js';
import { serialiseMetadata, withMintedIdentifier } from '../../domain/metadata/metadataFile.js';
import { registrationPayloadFor } from '../minting/registrationPayload.js';
import { readFolderMetadata } from '../requests/readFolderMetadata.js';
import { requireCurator } from '../requests/requestAccess.js';
import { folderLocationOf } from '../requests/requestFolder.js';
import type { ServiceDeps } from '../runtime/serviceDeps.js';
import { loadRequestIdentifier, type RequestIdentifier, recordIdentifierChange } from './identifierRecord.js';

/**
 * After a curator corrected a minted folder's `datacite.json`: re-validates
 * it, writes it back carrying the identifier, and sends it and the target URL
 * to the registrar.
 */
export async function pushMetadataUpdate(
  deps: ServiceDeps,
  input: { actorId: string; requestId: number },
): Promise<RequestIdentifier> {
  await requireCurator(deps, input.actorId, 'send metadata to the registrar');
  const { request, identifier } = await loadRequestIdentifier(deps.uow.repos, input.requestId);
  assertLive(identifier);
  const location = folderLocationOf(request);
  const metadata = await readFolderMetadata(deps, location);
  if (!metadata.ok)
    throw new InvalidInput(metadata.problems, `The metadata of request #${request.id} has problems; nothing was sent`);
  const written = withMintedIdentifier(
    metadata.metadata,
    identifier.doi,
    issuedDate(metadata.metadata) ?? deps.clock.now(),
  );
  await deps.dataStore.writeMetadataFile(location, serialiseMetadata(written));
  const { xml, url } = await registrationPayloadFor(deps, request, identifier);
  await deps.pids.updateMetadata({ itemId: identifier.itemId, doi: identifier.doi }, { xml, url });
  return recordIdentifierChange(deps, {
    requestId: request.id,
    actorId: input.actorId,
    comment: `Sent the folder's metadata and target URL ${url} for ${identifier.doi} to the registrar`,
    event: (updated, current) => ({
      type: 'IdentifierMetadataPushed',
      request: updated,
      identifier: current,
      targetUrl: url,
      actorId: input.actorId,
    }),
  });
}

/** The Issued date written at minting, kept so a later push does not move it. */
function issuedDate(metadata: DataCiteMetadata): Date | undefined {
  const issued = metadata.dates?.find((entry) => entry.dateType === 'Issued')?.date?.trim();
  return issued && /^\d{4}-\d{2}-\d{2}$/.test(issued) ? new Date(`${issued}T00:00:00Z`) : undefined;
}
