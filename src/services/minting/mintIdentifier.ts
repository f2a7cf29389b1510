import { Conflict, InvalidInput } from '../../domain/errors.js';
import type { Identifier } from '../../domain/identifier.js';
import { MINT_STEP_LABELS, type MintAttempt, type MintStep } from '../../domain/identifierMint.js';
import { itemIdFor, type PidRequest } from '../../domain/request.js';
import { checkTransition, type WorkflowRole } from '../../domain/requestWorkflow.js';
import { approverOf } from '../../domain/twoPersonRule.js';
import { contentSinceApproval } from '../fixity/frozenContent.js';
import { readFolderMetadata } from '../requests/readFolderMetadata.js';
import { loadRequest, requireCurator } from '../requests/requestAccess.js';
import { folderLocationOf } from '../requests/requestFolder.js';
import type { ServiceDeps } from '../runtime/serviceDeps.js';
import { runMintSteps } from './mintSteps.js';
import { refuseSymbolicLinks } from './refuseSymbolicLinks.js';

export interface MintIdentifierInput {
  actorId: string;
  requestId: number;
}

export interface MintResult {
  request: PidRequest;
  identifier: Identifier;
  /** Set when this mint continued an earlier failed attempt: the step that attempt failed at. */
  resumedFrom?: MintStep;
}

/**
 * "Create Permanent ID": reserves a draft identifier through the PID provider,
 * writes it into the folder's metadata, publishes it with that metadata and
 * its target URL, moves the
 * folder to `curated` and completes the request — exactly once per request.
 * Refusals (typed errors) change nothing; a failure part-way makes the request
 * `Failed` and throws `MintFailedError`; minting again continues from there.
 */
export async function mintIdentifier(deps: ServiceDeps, input: MintIdentifierInput): Promise<MintResult> {
  await requireCurator(deps, input.actorId, 'mint a permanent identifier');
  const request = await loadRequest(deps.uow.repos, input.requestId);
  await refuseUnmintable(deps, request, input.actorId);
  const attempt = await startAttempt(deps, request.id, input.actorId);
  deps.logger.info('mint started', { requestId: request.id, actorId: input.actorId, resumedFrom: attempt.resumedFrom });
  const outcome = await deps.lease.track(() => runMintSteps(deps, attempt, { resuming: attempt.resumedFrom !== null }));
  return { ...outcome, ...(attempt.resumedFrom !== null && { resumedFrom: attempt.resumedFrom }) };
}

/** Every reason not to mint now, checked before anything is written. */
async function refuseUnmintable(deps: ServiceDeps, request: PidRequest, actorId: string): Promise<void> {
  await checkMint(deps, request, actorId);
  if (!deps.pids.identifierTypes.some((type) => type === request.type)) {
    throw new Conflict(
      `Request #${request.id} asks for an ${request.type}, but the configured PID service (${deps.pids.description}) mints only ${deps.pids.identifierTypes.join(' and ')}. Ask the requester to submit again for a ${deps.pids.identifierTypes[0] ?? 'supported type'}, or set the request's status.`,
    );
  }
  refuseRunning(deps, request.id, await deps.uow.repos.mintJournal.latest(request.id));
  if (request.area !== 'curated' && (await deps.dataStore.exists({ area: 'curated', name: request.folderName }))) {
    throw new Conflict(
      `A folder named "${request.folderName}" is already in curated (published); the folder of request #${request.id} cannot move there. Rename one of them, then mint again.`,
    );
  }
  if (request.area !== 'curated') await refuseSymbolicLinks(deps, folderLocationOf(request));
  // The folder may have changed in staging since it was submitted.
  const metadata = await readFolderMetadata(deps, folderLocationOf(request));
  if (!metadata.ok)
    throw new InvalidInput(
      metadata.problems,
      `The metadata of request #${request.id} is no longer valid; fix datacite.json in staging, then mint again`,
    );
  if (request.area !== 'curated')
    checkTransition(request, 'mint', {
      roles: CURATOR,
      contentSinceApproval: await contentSinceApproval(deps, request, actorId),
    });
}

const CURATOR: ReadonlySet<WorkflowRole> = new Set(['curator']);

/** The workflow allows the mint from the request's state, and (when on) someone else approved it. */
async function checkMint(deps: ServiceDeps, request: PidRequest, minterId: string): Promise<void> {
  const twoPerson = deps.curation.requireTwoCurators
    ? {
        policy: deps.curation,
        minterId,
        approverId: approverOf(await deps.uow.repos.history.forRequest(request.id)),
      }
    : undefined;
  checkTransition(request, 'mint', { roles: CURATOR, ...(twoPerson && { twoPerson }) });
}

/** A running attempt whose process is gone (or silent past the lease) does not block: the new attempt continues it. */
function refuseRunning(deps: ServiceDeps, requestId: number, latest: MintAttempt | undefined): void {
  if (latest?.status !== 'running' || deps.lease.isAbandoned(latest.owner, latest.heartbeatAt)) return;
  throw new Conflict(
    `A mint is already in progress for request #${requestId} (started by ${latest.startedBy} at ${latest.startedAt}, now at "${MINT_STEP_LABELS[latest.step]}"); wait for it to finish.`,
  );
}

/**
 * Journals the attempt before the first provider call. Checked and written in
 * one transaction; the database's one-running-attempt index is the last word
 * when two clicks race. An attempt its gone owner left running is closed as
 * `interrupted` (compare-and-set: recovery elsewhere may be taking it over right
 * now) and continued by this one.
 */
function startAttempt(deps: ServiceDeps, requestId: number, actorId: string): Promise<MintAttempt> {
  return deps.uow.transaction(async (repos) => {
    checkTransition(await loadRequest(repos, requestId), 'mint', { roles: CURATOR });
    const previous = await repos.mintJournal.latest(requestId);
    refuseRunning(deps, requestId, previous);
    const at = deps.clock.now().toISOString();
    if (previous?.status === 'running') {
      const found = { ownerId: previous.owner?.id ?? null, heartbeatAt: previous.heartbeatAt };
      if (!(await repos.mintJournal.interrupt(previous.id, found, `continued by a mint from ${actorId}`, at)))
        throw new Conflict(`A mint is already in progress for request #${requestId}; wait for it to finish.`);
    }
    return repos.mintJournal.start({
      requestId,
      itemId: itemIdFor(deps.registration.itemIdTemplate, requestId),
      step: previous?.step ?? 'reserve',
      resumedFrom: previous?.step ?? null,
      plannedDoi: previous?.plannedDoi ?? null,
      startedBy: actorId,
      owner: deps.lease.owner,
      at,
    });
  });
}
