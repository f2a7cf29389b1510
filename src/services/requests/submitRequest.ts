import { InvalidInput, PathRefused, type Problem } from '../../domain/errors.js';
import type { RequestSubmitted } from '../../domain/events.js';
import { metadataSummary } from '../../domain/metadata/registrarPayload.js';
import { existingIdentifier } from '../../domain/metadata/validateMetadata.js';
import type { PidRequest } from '../../domain/request.js';
import { STATUS } from '../../domain/statusCodes.js';
import type { FolderLocation } from '../../ports/dataStore.js';
import type { ServiceDeps } from '../runtime/serviceDeps.js';
import { listRequestTypes } from './listCatalogues.js';
import { moveFolderWithRecord } from './moveFolderWithRecord.js';
import { readFolderMetadata } from './readFolderMetadata.js';

export interface SubmitRequestInput {
  requesterId: string;
  /** Folder path relative to the requester's home. */
  folderPath: string;
  /** Request type name, any case (`doi` → `DOI`). */
  type: string;
}

/**
 * Submits a permanent-ID request. Every check runs and every problem is
 * reported at once; on failure nothing moves and only the attempt is audited.
 * On success the request is `Submitted`, its folder is in `staging`, curators
 * own it and the requester may write it.
 */
export async function submitRequest(deps: ServiceDeps, input: SubmitRequestInput): Promise<PidRequest> {
  const { uow, dataStore, clock } = deps;
  const problems: Problem[] = [];

  const types = await listRequestTypes(deps);
  const known = (await uow.repos.requestTypes.list()).find(
    (t) => t.name.toLowerCase() === input.type.trim().toLowerCase(),
  );
  const type = types.find((t) => t.name === known?.name);
  if (!known)
    problems.push({
      path: 'type',
      description: `"${input.type}" is not a request type; choose one of ${types.map((t) => t.name).join(', ')}`,
    });
  else if (!type) {
    problems.push({
      path: 'type',
      description: `${known.name} identifiers cannot be minted here: the PID service (${deps.pids.description}) mints only ${types.map((t) => t.name).join(' and ')}; choose one of those`,
    });
  }

  const folder = await dataStore.inspectHomeFolder(input.requesterId, input.folderPath).catch((error: unknown) => {
    if (error instanceof PathRefused) {
      problems.push({ path: 'folder', description: error.message });
      return undefined;
    }
    throw error;
  });

  let title = '';
  let creators: string[] = [];
  if (folder) {
    if (!folder.exists)
      problems.push({ path: 'folder', description: `"${folder.path}" does not exist in your home folder` });
    else if (!folder.isDirectory)
      problems.push({ path: 'folder', description: `"${folder.path}" is a file; a request is for a folder` });
    else {
      if (folder.isEmpty)
        problems.push({ path: 'folder', description: `"${folder.path}" holds no data besides its metadata file` });
      problems.push(...(await nameConflicts(deps, folder.name, type?.name)));
      const metadata = await readFolderMetadata(deps, { area: 'home', owner: input.requesterId, path: folder.path });
      if (metadata.ok) {
        ({ title, creators } = metadataSummary(metadata.metadata));
        const identifier = existingIdentifier(metadata.metadata);
        if (identifier) {
          problems.push({
            path: '$.doi',
            description: `the metadata already carries the identifier ${identifier}; a folder gets its identifier when it is minted, so remove it (or ask a curator if this data was already published)`,
          });
        }
      } else problems.push(...metadata.problems);
    }
  }

  if (problems.length > 0 || !folder || !type) {
    await uow.repos.audit.recordFailedAttempt({
      actorId: input.requesterId,
      action: 'submit_request',
      input: { folderPath: input.folderPath, type: input.type },
      problems,
      at: clock.now().toISOString(),
    });
    deps.logger.info('request submission refused', { requesterId: input.requesterId, problems: problems.length });
    throw new InvalidInput(problems, 'The request cannot be submitted');
  }

  const from: FolderLocation = { area: 'home', owner: input.requesterId, path: folder.path };
  const to: FolderLocation = { area: 'staging', name: folder.name };
  const request = await moveFolderWithRecord(deps, from, to, async (repos) => {
    const at = clock.now().toISOString();
    const stored = await repos.requests.insert({
      requesterId: input.requesterId,
      type: type.name,
      folderName: folder.name,
      sourcePath: folder.path,
      area: 'staging',
      status: STATUS.submitted,
      title,
      at,
    });
    await repos.requestSearch.setCreators(stored.id, creators);
    await repos.history.append({
      requestId: stored.id,
      fromStatus: null,
      toStatus: STATUS.submitted,
      actorId: input.requesterId,
      comment: null,
      at,
    });
    await repos.permissions.grant(
      [
        { area: 'staging', folderName: folder.name, principal: { kind: 'curators' }, level: 'own' },
        {
          area: 'staging',
          folderName: folder.name,
          principal: { kind: 'user', id: input.requesterId },
          level: 'write',
        },
      ],
      stored.id,
      at,
    );
    const event: RequestSubmitted = { type: 'RequestSubmitted', request: stored };
    await repos.outbox.add(event, at);
    return stored;
  });
  deps.logger.info('request submitted', {
    requestId: request.id,
    requesterId: request.requesterId,
    type: request.type,
  });
  deps.events.kick();
  return request;
}

async function nameConflicts(
  deps: Pick<ServiceDeps, 'dataStore' | 'uow'>,
  name: string,
  type: string | undefined,
): Promise<Problem[]> {
  const problems: Problem[] = [];
  if (await deps.dataStore.exists({ area: 'staging', name })) {
    problems.push({
      path: 'folder',
      description: `a folder named "${name}" is already in staging (already submitted); rename your folder or ask a curator`,
    });
  }
  if (await deps.dataStore.exists({ area: 'curated', name })) {
    problems.push({
      path: 'folder',
      description: `a folder named "${name}" is already in curated (already published); rename your folder`,
    });
  }
  const open = type ? await deps.uow.repos.requests.findOpenByFolder(name, type) : undefined;
  if (open)
    problems.push({ path: 'folder', description: `request #${open.id} for a folder named "${name}" is still open` });
  return problems;
}
