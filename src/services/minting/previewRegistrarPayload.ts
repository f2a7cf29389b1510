import { InvalidInput } from '../../domain/errors.js';
import type { DataCiteMetadata } from '../../domain/metadata/dataciteMetadata.js';
import { toDataCiteXml } from '../../domain/metadata/registrarPayload.js';
import { readFolderMetadata } from '../requests/readFolderMetadata.js';
import { loadVisibleRequest } from '../requests/requestAccess.js';
import { folderLocationOf } from '../requests/requestFolder.js';
import type { ServiceDeps } from '../runtime/serviceDeps.js';

export interface RegistrarPayloadPreview {
  requestId: number;
  json: DataCiteMetadata;
  xml: string;
}

/** What a mint would send to the registrar, generated from the folder's metadata now; nothing is sent. */
export async function previewRegistrarPayload(
  deps: Pick<ServiceDeps, 'uow' | 'curators' | 'dataStore'>,
  input: { actorId: string; requestId: number },
): Promise<RegistrarPayloadPreview> {
  const request = await loadVisibleRequest(deps, input.actorId, input.requestId);
  const metadata = await readFolderMetadata(deps, folderLocationOf(request));
  if (!metadata.ok) throw new InvalidInput(metadata.problems, `The metadata of request #${request.id} has problems`);
  return { requestId: request.id, json: metadata.metadata, xml: toDataCiteXml(metadata.metadata) };
}
