import { PidbotError } from '../../domain/errors.js';
import { assertLive, type Identifier } from '../../domain/identifier.js';
import { type MetadataSummary, metadataSummary } from '../../domain/metadata/registrarPayload.js';
import { compareMetadataSummaries, type MetadataComparisonRow } from '../../domain/registration.js';
import { readFolderMetadata } from '../requests/readFolderMetadata.js';
import { requireCurator } from '../requests/requestAccess.js';
import { folderLocationOf } from '../requests/requestFolder.js';
import type { ServiceDeps } from '../runtime/serviceDeps.js';
import { loadRequestIdentifier } from './identifierRecord.js';

/** One side of the comparison; a side that cannot be read (invalid folder, nothing at the registrar) carries why. */
export type MetadataSide = { ok: true; summary: Partial<MetadataSummary> } | { ok: false; error: string };

export interface MetadataComparison {
  identifier: Identifier;
  repository: MetadataSide;
  registrar: MetadataSide;
  rows: MetadataComparisonRow[];
}

/** The identifier's mandatory metadata as the folder holds it and as the registrar holds it, side by side. */
export async function compareMetadata(
  deps: ServiceDeps,
  input: { actorId: string; requestId: number },
): Promise<MetadataComparison> {
  await requireCurator(deps, input.actorId, 'compare an identifier’s metadata');
  const { request, identifier } = await loadRequestIdentifier(deps.uow.repos, input.requestId);
  assertLive(identifier);
  const [repository, registrar] = await Promise.all([
    repositorySide(deps, folderLocationOf(request)),
    registrarSide(deps, identifier),
  ]);
  const summary = (s: MetadataSide) => (s.ok ? s.summary : undefined);
  return { identifier, repository, registrar, rows: compareMetadataSummaries(summary(repository), summary(registrar)) };
}

async function repositorySide(deps: ServiceDeps, location: ReturnType<typeof folderLocationOf>): Promise<MetadataSide> {
  const read = await readFolderMetadata(deps, location);
  if (read.ok) return { ok: true, summary: metadataSummary(read.metadata) };
  return {
    ok: false,
    error: `the folder's datacite.json has problems: ${read.problems.map((p) => `${p.path}: ${p.description}`).join('; ')}`,
  };
}

async function registrarSide(deps: ServiceDeps, identifier: Identifier): Promise<MetadataSide> {
  try {
    const record = await deps.pids.read({ itemId: identifier.itemId, doi: identifier.doi });
    return record.metadata
      ? { ok: true, summary: record.metadata }
      : { ok: false, error: 'the registrar holds no metadata for it yet; send it (update)' };
  } catch (error) {
    if (error instanceof PidbotError) return { ok: false, error: error.message };
    throw error;
  }
}
