import { InvalidInput } from '../../domain/errors.js';
import type { Identifier } from '../../domain/identifier.js';
import type { DataCiteMetadata } from '../../domain/metadata/dataciteMetadata.js';
import { toDataCiteXml } from '../../domain/metadata/registrarPayload.js';
import { targetUrlFor } from '../../domain/registration.js';
import type { PidRequest } from '../../domain/request.js';
import type { RegistrationPayload } from '../../ports/pidProvider.js';
import { readFolderMetadata } from '../requests/readFolderMetadata.js';
import { folderLocationOf } from '../requests/requestFolder.js';
import type { ServiceDeps } from '../runtime/serviceDeps.js';

/** The identifier's target URL (LANDING_URL_TEMPLATE filled in). */
export function targetUrlOf(
  deps: Pick<ServiceDeps, 'registration'>,
  request: Pick<PidRequest, 'id' | 'folderName'>,
  doi: string,
): string {
  return targetUrlFor(deps.registration.landingUrlTemplate, { doi, folder: request.folderName, requestId: request.id });
}

/**
 * What the registrar is given for a request's identifier: the DataCite XML made
 * from the folder's `datacite.json` as it is now, and the target URL. The
 * metadata must be valid; `InvalidInput` lists every problem otherwise.
 */
export async function registrationPayloadFor(
  deps: Pick<ServiceDeps, 'dataStore' | 'registration'>,
  request: PidRequest,
  identifier: Pick<Identifier, 'doi'>,
): Promise<RegistrationPayload & { metadata: DataCiteMetadata }> {
  const read = await readFolderMetadata(deps, folderLocationOf(request));
  if (!read.ok)
    throw new InvalidInput(
      read.problems,
      `The metadata of request #${request.id} has problems; nothing was sent to the registrar`,
    );
  return {
    metadata: read.metadata,
    xml: toDataCiteXml(read.metadata, identifier.doi),
    url: targetUrlOf(deps, request, identifier.doi),
  };
}
