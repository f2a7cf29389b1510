import { SymbolicLinksInFolder } from '../../domain/errors.js';
import type { FolderLocation } from '../../ports/dataStore.js';
import type { ServiceDeps } from '../runtime/serviceDeps.js';

/**
 * A folder goes public in `curated` only without symbolic links anywhere in
 * it: a link would serve whatever it points to (another user's files, the
 * machine's), and the public would read it through the folder.
 */
export async function refuseSymbolicLinks(
  deps: Pick<ServiceDeps, 'dataStore'>,
  location: FolderLocation,
): Promise<void> {
  const links = await deps.dataStore.findSymbolicLinks(location);
  if (links.length > 0) throw new SymbolicLinksInFolder(deps.dataStore.describe(location), links);
}
