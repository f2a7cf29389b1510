import { type FileDigest, isLargeFolder } from '../../domain/contentManifest.js';
import { SymbolicLinksInFolder } from '../../domain/errors.js';
import type { ContentHashing } from '../../domain/events.js';
import type { PidRequest } from '../../domain/request.js';
import type { FolderLocation } from '../../ports/dataStore.js';
import type { ServiceDeps } from '../runtime/serviceDeps.js';

export type HashDeps = Pick<ServiceDeps, 'dataStore' | 'uow' | 'clock' | 'events'>;

/**
 * The SHA-256 of every file in a request's folder, streamed by the data store.
 * A large folder (over 1 GiB or 1,000 files) gets a note in the request's thread
 * when hashing starts and when it ends, so a curator waiting on Approve or Mint
 * knows why. Symbolic links are refused, as minting refuses them: a link's
 * target is not the folder's content.
 */
export async function hashRequestFolder(
  deps: HashDeps,
  request: PidRequest,
  location: FolderLocation,
): Promise<FileDigest[]> {
  const size = await deps.dataStore.listFiles(location, 0);
  const large = isLargeFolder(size);
  const started = deps.clock.now().getTime();
  if (large) await announce(deps, { request, phase: 'started', files: size.count, bytes: size.totalBytes });
  const hashed = await deps.dataStore.hashFiles(location);
  if (hashed.symbolicLinks.length > 0)
    throw new SymbolicLinksInFolder(deps.dataStore.describe(location), hashed.symbolicLinks);
  if (large) {
    const bytes = hashed.files.reduce((sum, f) => sum + f.bytes, 0);
    const elapsedMs = deps.clock.now().getTime() - started;
    await announce(deps, { request, phase: 'finished', files: hashed.files.length, bytes, elapsedMs });
  }
  return hashed.files;
}

async function announce(deps: HashDeps, note: Omit<ContentHashing, 'type'>): Promise<void> {
  await deps.uow.repos.outbox.add({ type: 'ContentHashing', ...note }, deps.clock.now().toISOString());
  deps.events.kick();
}
