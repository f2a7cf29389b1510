import { InvalidInput, type Problem } from '../../domain/errors.js';
import type { DataCiteMetadata } from '../../domain/metadata/dataciteMetadata.js';
import { MAX_METADATA_BYTES } from '../../domain/metadata/metadataFile.js';
import { toDataCiteXml } from '../../domain/metadata/registrarPayload.js';
import type { PidRequest } from '../../domain/request.js';
import { readFolderMetadata } from '../requests/readFolderMetadata.js';
import { loadVisibleRequest } from '../requests/requestAccess.js';
import { folderLocationOf } from '../requests/requestFolder.js';
import type { ServiceDeps } from '../runtime/serviceDeps.js';

export interface RegistrarPayloadPreview {
  requestId: number;
  json: DataCiteMetadata;
  xml: string;
}

/** The whole metadata of a request's folder as it is now, its problems, and (when it has none) the registrar's XML. */
export interface MetadataPreview {
  request: PidRequest;
  /** The metadata as read (validated when there are no problems); empty when the file is missing or not JSON. */
  metadata: Record<string, unknown>;
  problems: Problem[];
  /** What a mint would send to the registrar; absent while the metadata has problems. */
  xml?: string;
}

type PreviewDeps = Pick<ServiceDeps, 'uow' | 'curators' | 'dataStore'>;

/** For Slack's Preview: never fails on bad metadata, it shows it with its problems. Nothing is sent. */
export async function previewRequestMetadata(
  deps: PreviewDeps,
  input: { actorId: string; requestId: number },
): Promise<MetadataPreview> {
  const request = await loadVisibleRequest(deps, input.actorId, input.requestId);
  const location = folderLocationOf(request);
  const read = await readFolderMetadata(deps, location);
  if (read.ok) return { request, metadata: read.metadata, problems: [], xml: toDataCiteXml(read.metadata) };
  return { request, metadata: await rawMetadata(deps, location), problems: read.problems };
}

/** The file's JSON object as written, to show beside its problems; empty when there is none to show. */
async function rawMetadata(
  deps: Pick<ServiceDeps, 'dataStore'>,
  location: ReturnType<typeof folderLocationOf>,
): Promise<Record<string, unknown>> {
  const file = await deps.dataStore.readMetadataFile(location, MAX_METADATA_BYTES);
  if (file.status !== 'ok') return {};
  try {
    const parsed: unknown = JSON.parse(file.text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/** What a mint would send to the registrar, generated from the folder's metadata now; nothing is sent. */
export async function previewRegistrarPayload(
  deps: PreviewDeps,
  input: { actorId: string; requestId: number },
): Promise<RegistrarPayloadPreview> {
  const request = await loadVisibleRequest(deps, input.actorId, input.requestId);
  const metadata = await readFolderMetadata(deps, folderLocationOf(request));
  if (!metadata.ok) throw new InvalidInput(metadata.problems, `The metadata of request #${request.id} has problems`);
  return { requestId: request.id, json: metadata.metadata, xml: toDataCiteXml(metadata.metadata) };
}
