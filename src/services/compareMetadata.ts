import { PidbotError } from '../domain/errors.js';
import { assertLive, type Identifier } from '../domain/identifier.js';
import { compareMetadataElements, type MetadataComparisonRow, type MetadataElement } from '../domain/identifierMetadataComparison.js';
import type { ProviderMetadata } from '../ports/pidProvider.js';
import { requireCurator } from './authorisation.js';
import { loadRequestIdentifier } from './identifierRecord.js';
import type { ServiceDeps } from './serviceDeps.js';

/** One side of the comparison; a side the provider cannot give (e.g. nothing at the registrar yet) carries its error. */
export type MetadataSide = { ok: true; elements: MetadataElement[] } | { ok: false; error: string };

export interface MetadataComparison {
  identifier: Identifier;
  repository: MetadataSide;
  registrar: MetadataSide;
  rows: MetadataComparisonRow[];
}

/** The identifier's metadata as the repository holds it and as the registrar holds it, side by side. */
export async function compareMetadata(deps: ServiceDeps, input: { actorId: string; requestId: number }): Promise<MetadataComparison> {
  await requireCurator(deps, input.actorId, 'compare an identifier’s metadata');
  const { identifier } = await loadRequestIdentifier(deps.uow.repos, input.requestId);
  assertLive(identifier);
  const [repository, registrar] = await Promise.all([
    side(deps.pids.metadata(identifier.itemId, 'repository')),
    side(deps.pids.metadata(identifier.doi, 'registrar')),
  ]);
  const elements = (s: MetadataSide): MetadataElement[] => (s.ok ? s.elements : []);
  return { identifier, repository, registrar, rows: compareMetadataElements(elements(repository), elements(registrar)) };
}

async function side(call: Promise<ProviderMetadata>): Promise<MetadataSide> {
  try {
    return { ok: true, elements: (await call).elements };
  } catch (error) {
    if (error instanceof PidbotError) return { ok: false, error: error.message };
    throw error;
  }
}
