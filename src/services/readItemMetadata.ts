import { requestIdForItem } from '../domain/identifier.js';
import { MAX_METADATA_BYTES } from '../domain/metadata/metadataFile.js';
import { folderLocationOf } from './requestFolder.js';
import type { ServiceDeps } from './serviceDeps.js';

/**
 * The DataCite JSON of the folder behind a provider item id, as it is on disk
 * now (the repository side of the built-in PURL sandbox). Unparseable or
 * missing metadata is `undefined`: the provider then reports the item has none.
 */
export async function readItemMetadata(deps: Pick<ServiceDeps, 'uow' | 'dataStore'>, itemId: string): Promise<Record<string, unknown> | undefined> {
  const requestId = requestIdForItem(itemId);
  const request = requestId === undefined ? undefined : await deps.uow.repos.requests.findById(requestId);
  if (!request) return undefined;
  const file = await deps.dataStore.readMetadataFile(folderLocationOf(request), MAX_METADATA_BYTES);
  if (file.status !== 'ok') return undefined;
  try {
    const parsed: unknown = JSON.parse(file.text.replace(/^\uFEFF/, ''));
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
