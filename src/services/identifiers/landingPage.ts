import { InvalidInput, type Problem } from '../../domain/errors.js';
import { type Identifier, reasonText } from '../../domain/identifier.js';
import { normaliseDoi } from '../../domain/identifiers/doi.js';
import { type CslItem, cslItemOf } from '../../domain/landing/cslItem.js';
import { type LandingRecord, landingRecordOf } from '../../domain/landing/landingRecord.js';
import type { DataCiteMetadata } from '../../domain/metadata/dataciteMetadata.js';
import { toDataCiteXml } from '../../domain/metadata/registrarPayload.js';
import type { PidRequest } from '../../domain/request.js';
import type { FolderFiles } from '../../ports/dataStore.js';
import { targetUrlOf } from '../minting/registrationPayload.js';
import { readFolderMetadata } from '../requests/readFolderMetadata.js';
import { folderLocationOf } from '../requests/requestFolder.js';
import type { ServiceDeps } from '../runtime/serviceDeps.js';

/** How many of a folder's files a page lists by name (the count and total cover them all). */
export const LISTED_FILES = 200;

export type LandingKey = { doi: string } | { ark: string };

/** What the record holds, when the folder's metadata can be read. */
export interface LandingContent {
  record: LandingRecord;
  csl: CslItem;
  metadata: DataCiteMetadata;
  /** The DataCite XML the registrar is given (made from the folder's metadata as it is now); made on demand, as only one format needs it. */
  xml(): string;
  /** The URL the identifier resolves to (LANDING_URL_TEMPLATE filled in). */
  landingUrl: string;
}

export type LandingPage =
  | { state: 'absent' }
  | { state: 'findable'; identifier: Identifier; content: LandingContent; files: FolderFiles }
  /** Withdrawn: the tombstone; `content` is missing when the folder's metadata can no longer be read. */
  | { state: 'withdrawn'; identifier: Identifier; reason: string; content?: LandingContent };

async function findIdentifier(deps: Pick<ServiceDeps, 'uow'>, key: LandingKey): Promise<Identifier | undefined> {
  const { identifiers } = deps.uow.repos;
  if ('ark' in key) return identifiers.findByArk(key.ark);
  try {
    return await identifiers.findByDoi(normaliseDoi(key.doi));
  } catch (error) {
    if (error instanceof InvalidInput) return undefined;
    throw error;
  }
}

async function contentOf(
  deps: Pick<ServiceDeps, 'dataStore' | 'registration'>,
  request: PidRequest,
  identifier: Identifier,
): Promise<{ ok: true; content: LandingContent } | { ok: false; problems: Problem[] }> {
  const read = await readFolderMetadata(deps, folderLocationOf(request));
  if (!read.ok) return read;
  const record = landingRecordOf(read.metadata, identifier.doi, identifier.ark);
  return {
    ok: true,
    content: {
      record,
      csl: cslItemOf(record),
      metadata: read.metadata,
      xml: () => toDataCiteXml(read.metadata, identifier.doi),
      landingUrl: targetUrlOf(deps, request, identifier.doi),
    },
  };
}

/**
 * The public landing page of a DOI or ARK pidbot minted: the record and the curated folder's
 * files while it is findable, a tombstone with the reason once withdrawn, and nothing (404) for a
 * draft, a deleted or an unknown identifier. A findable identifier whose folder metadata has
 * become unreadable is an error for the operator (`InvalidInput` with the problems), not a page.
 */
export async function landingPageFor(
  deps: Pick<ServiceDeps, 'uow' | 'dataStore' | 'registration'>,
  key: LandingKey,
): Promise<LandingPage> {
  const identifier = await findIdentifier(deps, key);
  if (!identifier || identifier.state === 'draft' || identifier.state === 'deleted') return { state: 'absent' };
  const request = await deps.uow.repos.requests.findById(identifier.requestId);
  if (!request) return { state: 'absent' };
  const read = await contentOf(deps, request, identifier);
  if (identifier.state === 'unavailable') {
    return {
      state: 'withdrawn',
      identifier,
      reason: reasonText(identifier.stateReason),
      ...(read.ok && { content: read.content }),
    };
  }
  if (!read.ok) {
    throw new InvalidInput(
      read.problems,
      `The landing page of ${identifier.doi} cannot be shown: the metadata of request #${request.id} has problems`,
    );
  }
  const files = await deps.dataStore.listFiles(folderLocationOf(request), LISTED_FILES);
  return { state: 'findable', identifier, content: read.content, files };
}
