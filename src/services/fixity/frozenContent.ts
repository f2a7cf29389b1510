/**
 * Approval freezes a request's content. A curator's approval records the
 * SHA-256 of every file in the folder; a mint refuses while the folder differs
 * from it; the mint's own write (the identifier in `datacite.json`) is recorded
 * into it; and the curated folder carries it as `manifest-sha256.txt`.
 */
import {
  type ContentChanges,
  type ContentManifest,
  compareContent,
  formatManifest,
  hasChanges,
  withDigest,
} from '../../domain/contentManifest.js';
import { isCompleted, type PidRequest, type StatusChange } from '../../domain/request.js';
import { matchStatusCode, STATUS } from '../../domain/statusCodes.js';
import { METADATA_FILE_NAME } from '../../ports/dataStore.js';
import type { Repositories } from '../../ports/repositories.js';
import { loadRequest } from '../requests/requestAccess.js';
import { folderLocationOf } from '../requests/requestFolder.js';
import { type HashDeps, hashRequestFolder } from './hashRequestFolder.js';

type RecordInTransaction = (
  repos: Repositories,
  request: PidRequest,
  change: StatusChange | undefined,
  at: string,
) => Promise<void>;

/**
 * When `status` approves a request still in staging, hashes its folder and
 * returns the write that records the manifest with the status change (in its
 * transaction); undefined for any other status. Approving an approved request
 * again freezes the content anew, with its own history line.
 */
export async function freezeOnApproval(
  deps: HashDeps,
  input: { actorId: string; requestId: number; status: string },
): Promise<RecordInTransaction | undefined> {
  const { repos } = deps.uow;
  const code = matchStatusCode(await repos.statusCodes.list(), input.status);
  if (code?.code !== STATUS.approved) return undefined;
  const request = await loadRequest(repos, input.requestId);
  if (isCompleted(request) || request.area === 'curated') return undefined;
  const files = await hashRequestFolder(deps, request, folderLocationOf(request));
  return async (trx, current, change, at) => {
    if (!change) {
      const frozen = await trx.contentManifests.find(current.id);
      // Approving unchanged content again changes nothing: a second click, or the same click replayed after a crash.
      if (frozen && !hasChanges(compareContent(frozen.files, files))) return;
    }
    await trx.contentManifests.save({ requestId: current.id, files, recordedAt: at, recordedBy: input.actorId });
    if (!change)
      await trx.history.append({
        requestId: current.id,
        fromStatus: current.status,
        toStatus: current.status,
        actorId: input.actorId,
        comment: `Approved again: the content is frozen as it is now (${files.length} file(s))`,
        at,
      });
  };
}

/**
 * Before a mint: how the folder differs from the approved files, for the
 * workflow's content guard. A request minted without an approval (or approved
 * before pidbot froze content) has its content frozen now, by the minting
 * curator, and so differs in nothing.
 */
export async function contentSinceApproval(
  deps: HashDeps,
  request: PidRequest,
  actorId: string,
): Promise<{ folder: string; changes: ContentChanges }> {
  const { repos } = deps.uow;
  const location = folderLocationOf(request);
  const current = await hashRequestFolder(deps, request, location);
  const approved = await repos.contentManifests.find(request.id);
  const folder = deps.dataStore.describe(location);
  if (!approved) {
    const at = deps.clock.now().toISOString();
    await repos.contentManifests.save({ requestId: request.id, files: current, recordedAt: at, recordedBy: actorId });
    return { folder, changes: compareContent(current, current) };
  }
  return { folder, changes: compareContent(approved.files, current) };
}

/** After the mint writes the identifier into `datacite.json`: that write is pidbot's, so the frozen content follows it. */
export async function recordMetadataRewrite(deps: HashDeps, request: PidRequest): Promise<void> {
  const manifest = await deps.uow.repos.contentManifests.find(request.id);
  if (!manifest) return;
  const { files } = await deps.dataStore.hashFiles(folderLocationOf(request), { paths: [METADATA_FILE_NAME] });
  const [metadata] = files;
  if (!metadata) return;
  await deps.uow.repos.contentManifests.save({ ...manifest, files: withDigest(manifest.files, metadata) });
}

/** The curated folder's `manifest-sha256.txt`, from the frozen content; the same text however often it is written. */
export async function writeCuratedManifest(deps: HashDeps, request: PidRequest): Promise<void> {
  const manifest: ContentManifest | undefined = await deps.uow.repos.contentManifests.find(request.id);
  if (!manifest) return;
  await deps.dataStore.writeManifestFile({ area: 'curated', name: request.folderName }, formatManifest(manifest.files));
}
