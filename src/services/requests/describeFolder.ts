/**
 * The Describe form's use cases, shared by Slack and the CLI: open the form for a folder (answers
 * pre-filled from its datacite.json, its current problems by field) and save answers into it
 * atomically, recorded in the request's history when the folder has a request.
 */
import { NotAllowed, NotFound } from '../../domain/errors.js';
import type { DataCiteMetadata } from '../../domain/metadata/dataciteMetadata.js';
import {
  type DescribeAnswers,
  type DescribeDefaults,
  describeMetadata,
  ELSEWHERE,
  type FieldErrors,
  prefillAnswers,
} from '../../domain/metadata/describeForm.js';
import { folderFromReference, mayDescribe } from '../../domain/metadata/describePermission.js';
import { MAX_METADATA_BYTES, serialiseMetadata } from '../../domain/metadata/metadataFile.js';
import type { PidRequest } from '../../domain/request.js';
import { type FolderLocation, METADATA_FILE_NAME } from '../../ports/dataStore.js';
import type { ServiceDeps } from '../runtime/serviceDeps.js';

export interface DescribeTarget {
  actorId: string;
  /** `staging/<name>`, `home/<user>/<path>`, or a path in the actor's home. */
  folder: string;
  /**
   * The folder's request waits on its requester (changes requested). The request workflow
   * supplies this fact; until it is wired, callers pass false.
   */
  requestWaitsOnRequester: boolean;
}

export interface DescribeForm {
  location: FolderLocation;
  /** How the folder is named in messages (`home/alice/survey`). */
  folderLabel: string;
  answers: DescribeAnswers;
  /** The current file's problems by field; empty when it is fine or there is no file yet. */
  errors: FieldErrors;
  hasFile: boolean;
  requestId?: number;
}

export type DescribeSaveOutcome =
  | { ok: true; folderLabel: string; bytes: number; requestId?: number }
  | { ok: false; errors: FieldErrors };

type Json = Record<string, unknown>;
type ExistingFile = { status: 'missing' } | { status: 'json'; json: Json } | { status: 'unreadable'; reason: string };

/** Opens the form: refused unless the actor may describe the folder. */
export async function openDescribeForm(deps: ServiceDeps, target: DescribeTarget): Promise<DescribeForm> {
  const { location, request } = await authorise(deps, target);
  const existing = await readExisting(deps, location);
  const json = existing.status === 'json' ? existing.json : undefined;
  const answers = prefillAnswers(json, defaultsFor(deps));
  const errors =
    existing.status === 'unreadable' ? { [ELSEWHERE]: [existing.reason] } : json ? currentProblems(json, answers) : {};
  return {
    location,
    folderLabel: deps.dataStore.describe(location),
    answers,
    errors,
    hasFile: existing.status !== 'missing',
    ...(request && { requestId: request.id }),
  };
}

/** Writes the answers into the folder's datacite.json, or returns every problem by field and writes nothing. */
export async function saveDescription(
  deps: ServiceDeps,
  target: DescribeTarget & { answers: DescribeAnswers },
): Promise<DescribeSaveOutcome> {
  const { location, request } = await authorise(deps, target);
  const existing = await readExisting(deps, location);
  if (existing.status === 'unreadable') return { ok: false, errors: { [ELSEWHERE]: [existing.reason] } };
  const outcome = describeMetadata(existing.status === 'json' ? existing.json : undefined, target.answers);
  if (!outcome.ok) return outcome;
  const text = serialiseMetadata(outcome.metadata as DataCiteMetadata);
  await deps.dataStore.writeMetadataFile(location, text);
  const bytes = Buffer.byteLength(text, 'utf8');
  const folderLabel = deps.dataStore.describe(location);
  if (request) await recordSave(deps, request, target.actorId, bytes);
  deps.logger.info('folder described with the form', { folder: folderLabel, actorId: target.actorId, bytes });
  return { ok: true, folderLabel, bytes, ...(request && { requestId: request.id }) };
}

function defaultsFor(deps: ServiceDeps): DescribeDefaults {
  return {
    publisher: deps.registration.defaultPublisher ?? '',
    publicationYear: deps.clock.now().getUTCFullYear(),
  };
}

/** The problems the file has now, as the form will show them (answered as pre-filled). */
function currentProblems(json: Json, answers: DescribeAnswers): FieldErrors {
  const outcome = describeMetadata(json, answers);
  return outcome.ok ? {} : outcome.errors;
}

async function authorise(
  deps: ServiceDeps,
  target: DescribeTarget,
): Promise<{ location: FolderLocation; request?: PidRequest }> {
  const location: FolderLocation = folderFromReference(target.folder, target.actorId);
  const request = await requestFor(deps, location);
  const permission = mayDescribe({
    actorId: target.actorId,
    location,
    isCurator: await deps.curators.isCurator(target.actorId),
    ...(request && { requesterId: request.requesterId }),
    requestWaitsOnRequester: target.requestWaitsOnRequester,
  });
  if (!permission.allowed) {
    deps.logger.warn('refused to describe a folder', { actorId: target.actorId, folder: target.folder });
    throw new NotAllowed(`You cannot describe ${target.folder.trim()}: ${permission.reason}.`);
  }
  if (!(await deps.dataStore.exists(location))) {
    throw new NotFound(
      `There is no folder ${deps.dataStore.describe(location)}: check its path (relative to your home).`,
    );
  }
  return { location, ...(request && { request }) };
}

async function requestFor(deps: ServiceDeps, location: FolderLocation): Promise<PidRequest | undefined> {
  const requests = deps.uow.repos.requests;
  if (location.area !== 'home') return requests.findByLocation(location.area, location.name);
  const name = location.path.split('/').filter(Boolean).at(-1) ?? location.path;
  const request = await requests.findByLocation('home', name);
  return request?.requesterId === location.owner && request.sourcePath === location.path ? request : undefined;
}

async function readExisting(deps: ServiceDeps, location: FolderLocation): Promise<ExistingFile> {
  const file = await deps.dataStore.readMetadataFile(location, MAX_METADATA_BYTES);
  if (file.status === 'missing') return { status: 'missing' };
  if (file.status === 'too_large') {
    return {
      status: 'unreadable',
      reason: `${METADATA_FILE_NAME} is ${file.bytes} bytes, over the ${MAX_METADATA_BYTES}-byte limit: the form would replace it; move it aside first`,
    };
  }
  try {
    const json: unknown = JSON.parse(file.text.replace(/^\uFEFF/, ''));
    if (json !== null && typeof json === 'object' && !Array.isArray(json))
      return { status: 'json', json: json as Json };
  } catch {
    // Reported below: the form never overwrites a file it cannot read.
  }
  return {
    status: 'unreadable',
    reason: `${METADATA_FILE_NAME} is not a JSON object, so the form cannot keep what it holds: fix its syntax or move it aside, then describe the folder again`,
  };
}

async function recordSave(deps: ServiceDeps, request: PidRequest, actorId: string, bytes: number): Promise<void> {
  await deps.uow.transaction(async (repos) => {
    await repos.history.append({
      requestId: request.id,
      fromStatus: request.status,
      toStatus: request.status,
      actorId,
      comment: `Described the folder with the form: ${METADATA_FILE_NAME} saved (${bytes} bytes)`,
      at: deps.clock.now().toISOString(),
    });
  });
}
