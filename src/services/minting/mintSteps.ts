/**
 * The steps of a mint, shared by `mintIdentifier` (a curator's click) and
 * `reconcileMints` (start-up after a crash). Every step first looks at what is
 * already recorded and does only what is missing, so an attempt can continue
 * where an earlier one stopped. When resuming, a reserve whose answer may
 * have been lost asks the provider first (for the DOI journalled before the
 * call, when pidbot chose it): an identifier is never created twice. Publish
 * is safe to repeat.
 *
 * Provider calls stay outside database transactions: the built-in sandbox
 * answers them by reading the database.
 */
import { InvalidInput } from '../../domain/errors.js';
import type { IdentifierMinted, MintFailed } from '../../domain/events.js';
import { type Identifier, requestedIdentifier, requestedIdentifierUrl } from '../../domain/identifier.js';
import {
  MINT_STEP_LABELS,
  MINT_STEPS,
  type MintAttempt,
  MintFailedError,
  MintNotOwned,
  type MintStep,
} from '../../domain/identifierMint.js';
import { normaliseDoi } from '../../domain/identifiers/doi.js';
import type { DataCiteMetadata } from '../../domain/metadata/dataciteMetadata.js';
import { serialiseMetadata, withMintedIdentifier } from '../../domain/metadata/metadataFile.js';
import type { PidRequest } from '../../domain/request.js';
import type { WorkflowRole } from '../../domain/requestWorkflow.js';
import { STATUS } from '../../domain/statusCodes.js';
import { recordMetadataRewrite, writeCuratedManifest } from '../fixity/frozenContent.js';
import { moveFolderWithRecord } from '../requests/moveFolderWithRecord.js';
import { readFolderMetadata } from '../requests/readFolderMetadata.js';
import { loadRequest } from '../requests/requestAccess.js';
import { folderLocationOf } from '../requests/requestFolder.js';
import { changeStatus } from '../requests/setRequestStatus.js';
import type { ServiceDeps } from '../runtime/serviceDeps.js';
import { refuseSymbolicLinks } from './refuseSymbolicLinks.js';
import { registrationPayloadFor } from './registrationPayload.js';

/** The mint's own writes (completion, failure) act as the minting process, whoever clicked Mint. */
const MINTING: ReadonlySet<WorkflowRole> = new Set(['minting']);

export interface MintOutcome {
  request: PidRequest;
  identifier: Identifier;
}

interface MintRun {
  deps: ServiceDeps;
  attempt: MintAttempt;
  /** An earlier attempt may have reached the provider without our record of it. */
  resuming: boolean;
  request: PidRequest;
  identifier?: Identifier;
}

const STEP_RUNNERS: Record<MintStep, (run: MintRun) => Promise<void>> = {
  reserve: reserveIdentifier,
  write_metadata: writeIdentifierIntoMetadata,
  publish: publishIdentifier,
  move: moveToCurated,
  complete: recordCompletion,
};

/**
 * Runs the attempt's remaining steps, counted and timed as one mint. On
 * failure the request becomes `Failed`, the journal records the step and the
 * error, `MintFailed` is announced, and a `MintFailedError` is thrown. The
 * attempt must be this process's (`deps.lease.owner`); once it is not (it was
 * released, or taken over), nothing more is recorded and `MintNotOwned` is
 * thrown: its owner finishes it, so it is not `Failed`.
 */
export async function runMintSteps(
  deps: ServiceDeps,
  attempt: MintAttempt,
  options: { resuming: boolean },
): Promise<MintOutcome> {
  const { repos } = deps.uow;
  const recorded = await repos.identifiers.findByRequest(attempt.requestId);
  const run: MintRun = {
    deps,
    attempt,
    resuming: options.resuming,
    request: await loadRequest(repos, attempt.requestId),
    // A deleted identifier is gone at the provider: the request is minted anew.
    identifier: recorded?.state === 'deleted' ? undefined : recorded,
  };
  const finished = deps.metrics.startMint();
  let step: MintStep = MINT_STEPS[0];
  try {
    for (step of MINT_STEPS) {
      await repos.mintJournal.advance(attempt.id, deps.lease.owner.id, step, deps.clock.now().toISOString());
      await STEP_RUNNERS[step](run);
    }
  } catch (error) {
    finished('failed');
    if (error instanceof MintNotOwned) throw error;
    throw await recordMintFailure(run, step, error);
  }
  finished('succeeded');
  return { request: run.request, identifier: identifierOf(run) };
}

async function reserveIdentifier(run: MintRun): Promise<void> {
  if (run.identifier) return;
  const { pids, uow, clock } = run.deps;
  const { itemId, requestId } = run.attempt;
  const plannedDoi = await planIdentifier(run);
  const reserved =
    (run.resuming ? await pids.findReserved(itemId, plannedDoi) : undefined) ??
    (await pids.reserve(itemId, plannedDoi));
  run.identifier = await uow.repos.identifiers.recordReserved({
    requestId,
    itemId,
    doi: reserved.doi,
    ark: reserved.ark ?? null,
    at: clock.now().toISOString(),
  });
}

/** The DOI this mint asks for, journalled before the provider hears of it; undefined when the provider assigns one. */
async function planIdentifier(run: MintRun): Promise<string | undefined> {
  if (run.attempt.plannedDoi !== null) return run.attempt.plannedDoi;
  const planned = run.deps.pids.planIdentifier(run.attempt.itemId);
  if (planned === undefined) return undefined;
  await run.deps.uow.repos.mintJournal.plan(
    run.attempt.id,
    run.deps.lease.owner.id,
    planned,
    run.deps.clock.now().toISOString(),
  );
  run.attempt = { ...run.attempt, plannedDoi: planned };
  return planned;
}

async function writeIdentifierIntoMetadata(run: MintRun): Promise<void> {
  const { deps, request } = run;
  const { doi } = identifierOf(run);
  const location = folderLocationOf(request);
  const current = await readFolderMetadata(deps, location);
  if (!current.ok) throw new InvalidInput(current.problems, `The metadata of request #${request.id} has problems`);
  // Written by an earlier attempt: keep it (and its date) as it is.
  if (!namesDoi(current.metadata, doi))
    await deps.dataStore.writeMetadataFile(
      location,
      serialiseMetadata(withMintedIdentifier(current.metadata, doi, deps.clock.now())),
    );
  await recordMetadataRewrite(deps, request);
}

function namesDoi(metadata: DataCiteMetadata, doi: string): boolean {
  const named = metadata.doi?.trim();
  if (!named) return false;
  try {
    return normaliseDoi(named) === doi;
  } catch {
    return false;
  }
}

async function publishIdentifier(run: MintRun): Promise<void> {
  const identifier = identifierOf(run);
  if (identifier.state !== 'draft') return;
  const { deps, request } = run;
  const { xml, url } = await registrationPayloadFor(deps, request, identifier);
  await deps.pids.publish({ itemId: identifier.itemId, doi: identifier.doi }, { xml, url });
  run.identifier = await deps.uow.repos.identifiers.setState(
    identifier.requestId,
    'findable',
    null,
    deps.clock.now().toISOString(),
  );
}

/** The folder goes to `curated` and gets its `manifest-sha256.txt`; a resumed step only (re)writes the manifest. */
async function moveToCurated(run: MintRun): Promise<void> {
  await moveFolderToCurated(run);
  await writeCuratedManifest(run.deps, run.request);
}

async function moveFolderToCurated(run: MintRun): Promise<void> {
  const { deps, request } = run;
  if (request.area === 'curated') return;
  const { folderName } = request;
  // Checked again here, the last moment before the folder is public: it may have changed since the mint began.
  await refuseSymbolicLinks(deps, folderLocationOf(request));
  run.request = await moveFolderWithRecord(
    deps,
    folderLocationOf(request),
    { area: 'curated', name: folderName },
    async (repos) => {
      const at = deps.clock.now().toISOString();
      // Still ours, checked in the transaction that moves the folder: a released attempt moves nothing.
      await repos.mintJournal.advance(run.attempt.id, deps.lease.owner.id, 'move', at);
      await repos.permissions.grant(
        [
          { area: 'curated', folderName, principal: { kind: 'curators' }, level: 'own' },
          { area: 'curated', folderName, principal: { kind: 'public' }, level: 'read' },
        ],
        request.id,
        at,
      );
      return repos.requests.update(request.id, { area: 'curated', updatedAt: at });
    },
  );
}

async function recordCompletion(run: MintRun): Promise<void> {
  const { deps, attempt } = run;
  const identifier = identifierOf(run);
  const url = requestedIdentifierUrl(run.request.type, identifier);
  const minted = requestedIdentifier(run.request.type, identifier);
  const outcome = await changeStatus(
    deps,
    {
      actorId: attempt.startedBy,
      requestId: attempt.requestId,
      status: STATUS.completion,
      comment: `Minted ${minted} (${url})`,
    },
    {
      allowReserved: true,
      roles: MINTING,
      alsoInTransaction: async (repos, request, _change, at) => {
        await repos.mintJournal.finish(attempt.id, deps.lease.owner.id, at);
        const event: IdentifierMinted = {
          type: 'IdentifierMinted',
          request,
          identifier,
          identifierUrl: url,
          actorId: attempt.startedBy,
        };
        await repos.outbox.add(event, at);
      },
    },
  );
  run.request = outcome.request;
  deps.logger.info('identifier minted', {
    requestId: attempt.requestId,
    doi: identifier.doi,
    ark: identifier.ark,
    actorId: attempt.startedBy,
  });
}

function identifierOf(run: MintRun): Identifier {
  if (!run.identifier) throw new Error(`mint step ran before request #${run.attempt.requestId} had an identifier`);
  return run.identifier;
}

/**
 * `Failed`, with the error in full in the history, the journal and the event;
 * returns the error to throw. An attempt released meanwhile (this process is
 * stopping: its provider client closed under the call) is not failed: the
 * journal write throws `MintNotOwned` and the transaction records nothing.
 */
async function recordMintFailure(run: MintRun, step: MintStep, error: unknown): Promise<MintFailedError> {
  const { deps, attempt } = run;
  const failure = new MintFailedError(attempt.requestId, step, error);
  const actorId = attempt.startedBy;
  const comment = `Minting stopped at "${MINT_STEP_LABELS[step]}": ${failure.providerMessage}`;
  deps.logger.warn('mint failed', { requestId: attempt.requestId, step, err: failure });
  await changeStatus(
    deps,
    { actorId, requestId: attempt.requestId, status: STATUS.failed, comment },
    {
      allowReserved: true,
      roles: MINTING,
      alsoInTransaction: async (repos, request, change, at) => {
        await repos.mintJournal.fail(attempt.id, deps.lease.owner.id, step, failure.providerMessage, at);
        // Already Failed: the status stays, but every failure gets its history line.
        if (!change)
          await repos.history.append({
            requestId: request.id,
            fromStatus: request.status,
            toStatus: request.status,
            actorId,
            comment,
            at,
          });
        const event: MintFailed = { type: 'MintFailed', request, step, error: failure.providerMessage, actorId };
        await repos.outbox.add(event, at);
      },
    },
  );
  return failure;
}
