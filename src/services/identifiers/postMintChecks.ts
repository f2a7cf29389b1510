import { PidbotError, ProviderRejected } from '../../domain/errors.js';
import { assertLive, type Identifier, requestedIdentifier } from '../../domain/identifier.js';
import { metadataSummary } from '../../domain/metadata/registrarPayload.js';
import {
  type CheckLine,
  type FolderSummary,
  folderPublicCheck,
  type PostMintChecklist,
  type RegistrarRead,
  registrarMetadataCheck,
  registrarStateCheck,
  resolverRedirectCheck,
  resolverUrlFor,
  targetUrlCheck,
} from '../../domain/postMintChecks.js';
import type { PidRequest } from '../../domain/request.js';
import { targetUrlOf } from '../minting/registrationPayload.js';
import { readFolderMetadata } from '../requests/readFolderMetadata.js';
import { requireCurator } from '../requests/requestAccess.js';
import { folderLocationOf } from '../requests/requestFolder.js';
import type { ServiceDeps } from '../runtime/serviceDeps.js';
import { loadRequestIdentifier } from './identifierRecord.js';

type ChecklistDeps = Pick<ServiceDeps, 'uow' | 'pids' | 'clock' | 'dataStore' | 'registration' | 'resolution'>;

/**
 * The curator's post-mint checklist for a request's identifier: findable at
 * the registrar, its metadata the folder's, the target URL a page naming the
 * identifier, the resolver redirecting there, the curated folder public.
 * Every check runs (they are independent), each becomes one line.
 */
export async function postMintChecklist(deps: ChecklistDeps, requestId: number): Promise<PostMintChecklist> {
  const { request, identifier } = await loadRequestIdentifier(deps.uow.repos, requestId);
  assertLive(identifier);
  const targetUrl = targetUrlOf(deps, request, identifier.doi);
  const [read, folder, web, folderLine] = await Promise.all([
    readRegistrar(deps, identifier),
    folderSummary(deps, request),
    resolutionChecks(deps, request, identifier),
    folderPublic(deps, request),
  ]);
  return {
    requestId,
    identifier: requestedIdentifier(request.type, identifier),
    targetUrl,
    checkedAt: deps.clock.now().toISOString(),
    lines: [
      registrarStateCheck(read, targetUrl, requestId),
      registrarMetadataCheck(folder, read, requestId),
      ...web.lines,
      folderLine,
    ],
  };
}

/** A curator re-runs the checklist ("Re-run checks"). */
export async function rerunPostMintChecks(
  deps: ChecklistDeps & Pick<ServiceDeps, 'curators' | 'logger'>,
  input: { actorId: string; requestId: number },
): Promise<PostMintChecklist> {
  await requireCurator(deps, input.actorId, 're-run the post-mint checks');
  return postMintChecklist(deps, input.requestId);
}

export interface ResolutionOutcome {
  /** The target-URL and redirect lines; none when resolution checks are off. */
  lines: CheckLine[];
  /** False when the resolver gave no HTTP answer at all (an outage, not a broken identifier). */
  resolverReached: boolean;
}

/** The target URL answers 200 naming the identifier, and the resolver redirects the requested identifier there. */
export async function resolutionChecks(
  deps: Pick<ServiceDeps, 'registration' | 'resolution'>,
  request: PidRequest,
  identifier: Identifier,
): Promise<ResolutionOutcome> {
  const { resolution } = deps;
  if (!resolution) return { lines: [], resolverReached: true };
  const targetUrl = targetUrlOf(deps, request, identifier.doi);
  const resolverUrl = resolverUrlFor(resolution.resolvers, requestedIdentifier(request.type, identifier));
  const [page, redirect] = await Promise.all([resolution.probe.get(targetUrl), resolution.probe.get(resolverUrl)]);
  const names = identifier.ark === null ? [identifier.doi] : [identifier.doi, identifier.ark];
  return {
    lines: [
      targetUrlCheck(targetUrl, page, names, request.id),
      resolverRedirectCheck(resolverUrl, redirect, targetUrl, request.id),
    ],
    resolverReached: redirect.reached,
  };
}

async function readRegistrar(deps: Pick<ServiceDeps, 'pids'>, identifier: Identifier): Promise<RegistrarRead> {
  try {
    return { ok: true, view: await deps.pids.read({ itemId: identifier.itemId, doi: identifier.doi }) };
  } catch (error) {
    if (!(error instanceof PidbotError)) throw error;
    return {
      ok: false,
      unknown: error instanceof ProviderRejected && error.statusCode === 404,
      error: error.message,
    };
  }
}

async function folderSummary(deps: Pick<ServiceDeps, 'dataStore'>, request: PidRequest): Promise<FolderSummary> {
  const read = await readFolderMetadata(deps, folderLocationOf(request));
  if (read.ok) return { ok: true, summary: metadataSummary(read.metadata) };
  return { ok: false, error: read.problems.map((p) => `${p.path}: ${p.description}`).join('; ') };
}

async function folderPublic(deps: Pick<ServiceDeps, 'uow' | 'dataStore'>, request: PidRequest): Promise<CheckLine> {
  const folder = request.folderName;
  const [exists, grants] = await Promise.all([
    deps.dataStore.exists({ area: 'curated', name: folder }),
    deps.uow.repos.permissions.forFolder('curated', folder),
  ]);
  return folderPublicCheck({
    folder,
    inCurated: request.area === 'curated',
    exists,
    // Every level (read, write, own) lets its holder read.
    publicRead: grants.some((grant) => grant.principal.kind === 'public'),
  });
}
