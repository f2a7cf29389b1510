import type { Problem } from '../../domain/errors.js';
import type { DataCiteMetadata } from '../../domain/metadata/dataciteMetadata.js';
import { MAX_METADATA_BYTES, parseMetadataFile } from '../../domain/metadata/metadataFile.js';
import { type FolderLocation, METADATA_FILE_NAME } from '../../ports/dataStore.js';
import type { ServiceDeps } from '../runtime/serviceDeps.js';

export type FolderMetadata = { ok: true; metadata: DataCiteMetadata } | { ok: false; problems: Problem[] };

/** Reads and validates a folder's `datacite.json`, turning every defect into a problem. */
export async function readFolderMetadata(
  deps: Pick<ServiceDeps, 'dataStore'>,
  location: FolderLocation,
): Promise<FolderMetadata> {
  const file = await deps.dataStore.readMetadataFile(location, MAX_METADATA_BYTES);
  if (file.status === 'missing') {
    return {
      ok: false,
      problems: [
        {
          path: METADATA_FILE_NAME,
          description: `missing: put the folder's DataCite metadata in ${METADATA_FILE_NAME} at its top level`,
        },
      ],
    };
  }
  if (file.status === 'too_large') {
    return {
      ok: false,
      problems: [
        {
          path: METADATA_FILE_NAME,
          description: `${file.bytes} bytes is too large: a metadata file may be at most ${MAX_METADATA_BYTES} bytes; keep data files out of ${METADATA_FILE_NAME}`,
        },
      ],
    };
  }
  return parseMetadataFile(file.text);
}
