import type { PidRequest } from '../../domain/request.js';
import type { FolderLocation } from '../../ports/dataStore.js';

/** Where the database says a request's folder is now. */
export function folderLocationOf(
  request: Pick<PidRequest, 'area' | 'requesterId' | 'sourcePath' | 'folderName'>,
): FolderLocation {
  return request.area === 'home'
    ? { area: 'home', owner: request.requesterId, path: request.sourcePath }
    : { area: request.area, name: request.folderName };
}
