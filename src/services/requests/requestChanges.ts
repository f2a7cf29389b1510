import { InvalidInput, type Problem } from '../../domain/errors.js';
import { existingIdentifier } from '../../domain/metadata/validateMetadata.js';
import type { PidRequest, StatusChange } from '../../domain/request.js';
import { checkTransition } from '../../domain/requestWorkflow.js';
import { matchStatusCode, STATUS } from '../../domain/statusCodes.js';
import type { Repositories } from '../../ports/repositories.js';
import type { ServiceDeps } from '../runtime/serviceDeps.js';
import { readFolderMetadata } from './readFolderMetadata.js';
import { loadRequest } from './requestAccess.js';
import { folderLocationOf } from './requestFolder.js';
import { MAX_COMMENT_LENGTH, recordTransition } from './setRequestStatus.js';
import { actorRoles, mintStarted, reasonText } from './workflowFacts.js';

export interface WorkflowActionInput {
  actorId: string;
  requestId: number;
  reason?: string;
}

export interface WorkflowActionOutcome {
  request: PidRequest;
  change: StatusChange;
}

/**
 * A curator sends the request back to its requester with a reason. The folder
 * stays in staging, where the requester can write; the requester's DM carries
 * the reason and a Resubmit button.
 */
export async function requestChanges(deps: ServiceDeps, input: WorkflowActionInput): Promise<WorkflowActionOutcome> {
  const reason = checkedReason(input.reason);
  const outcome = await deps.uow.transaction(async (repos) => {
    const request = await loadRequest(repos, input.requestId);
    const to = checkTransition(request, 'request_changes', {
      roles: await actorRoles(deps, request, input.actorId),
      reason,
      mintStarted: await mintStarted(repos, request.id),
    });
    await grantRequesterWrite(repos, request, deps.clock.now().toISOString());
    return recordTransition(repos, request, {
      action: 'request_changes',
      to,
      status: await codeOf(repos, STATUS.changesRequested),
      actorId: input.actorId,
      comment: reason,
      at: deps.clock.now().toISOString(),
    });
  });
  deps.logger.info('changes requested', { requestId: outcome.request.id, actorId: input.actorId });
  deps.events.kick();
  return outcome;
}

/**
 * The requester resubmits after making changes: the folder is checked again
 * where it is (staging). If it still has problems, the curators' thread gets
 * every one of them and the request keeps waiting on the requester.
 */
export async function resubmitRequest(deps: ServiceDeps, input: WorkflowActionInput): Promise<WorkflowActionOutcome> {
  const request = await loadRequest(deps.uow.repos, input.requestId);
  checkTransition(request, 'resubmit', { roles: await actorRoles(deps, request, input.actorId) });
  const problems = await folderProblems(deps, request);
  if (problems.length > 0) {
    await recordRefusedResubmission(deps, request, input.actorId, problems);
    throw new InvalidInput(problems, `Request #${request.id} cannot be resubmitted yet`);
  }
  const outcome = await deps.uow.transaction(async (repos) => {
    const current = await loadRequest(repos, input.requestId);
    const to = checkTransition(current, 'resubmit', { roles: await actorRoles(deps, current, input.actorId) });
    return recordTransition(repos, current, {
      action: 'resubmit',
      to,
      status: STATUS.submitted,
      actorId: input.actorId,
      comment: reasonText(input.reason) ?? 'Resubmitted after changes; the folder passed its checks.',
      at: deps.clock.now().toISOString(),
    });
  });
  deps.logger.info('request resubmitted', { requestId: outcome.request.id, actorId: input.actorId });
  deps.events.kick();
  return outcome;
}

function checkedReason(raw: string | undefined): string | null {
  const reason = reasonText(raw);
  if (reason && reason.length > MAX_COMMENT_LENGTH)
    throw new InvalidInput([
      { path: 'reason', description: `is ${reason.length} characters; keep it under ${MAX_COMMENT_LENGTH}` },
    ]);
  return reason;
}

/** The same checks as a submission, on the folder where it is now. */
async function folderProblems(deps: ServiceDeps, request: PidRequest): Promise<Problem[]> {
  const location = folderLocationOf(request);
  if (!(await deps.dataStore.exists(location)))
    return [{ path: 'folder', description: `${deps.dataStore.describe(location)} is missing; ask a curator` }];
  const metadata = await readFolderMetadata(deps, location);
  if (!metadata.ok) return metadata.problems;
  const identifier = existingIdentifier(metadata.metadata);
  return identifier
    ? [
        {
          path: '$.doi',
          description: `the metadata already carries the identifier ${identifier}; a folder gets its identifier when it is minted, so remove it`,
        },
      ]
    : [];
}

/** The refusal goes into the history (status unchanged), so the curators' thread lists the problems. */
async function recordRefusedResubmission(
  deps: ServiceDeps,
  request: PidRequest,
  actorId: string,
  problems: Problem[],
): Promise<void> {
  const listed = new InvalidInput(problems).problems.map((p) => `• ${p.path}: ${p.description}`).join('\n');
  await deps.uow.transaction(async (repos) => {
    const at = deps.clock.now().toISOString();
    await repos.audit.recordFailedAttempt({
      actorId,
      action: 'resubmit_request',
      input: { requestId: request.id },
      problems,
      at,
    });
    await recordTransition(repos, request, {
      action: 'resubmit',
      to: request.workflowState,
      status: request.status,
      actorId,
      comment: `Resubmission refused: the folder still has ${problems.length} problem(s):\n${listed}`,
      at,
    });
  });
  deps.logger.info('resubmission refused', { requestId: request.id, problems: problems.length });
  deps.events.kick();
}

/** The requester writes the folder while making changes (granted at submission; granted again if it was lost). */
async function grantRequesterWrite(repos: Repositories, request: PidRequest, at: string): Promise<void> {
  const grants = await repos.permissions.forFolder('staging', request.folderName);
  const has = grants.some(
    (g) => g.principal.kind === 'user' && g.principal.id === request.requesterId && g.level !== 'read',
  );
  if (has) return;
  await repos.permissions.grant(
    [
      {
        area: 'staging',
        folderName: request.folderName,
        principal: { kind: 'user', id: request.requesterId },
        level: 'write',
      },
    ],
    request.id,
    at,
  );
}

/** The spelling the database has for a workflow code (a curator may have made it in another case before). */
export async function codeOf(repos: Pick<Repositories, 'statusCodes'>, code: string): Promise<string> {
  return matchStatusCode(await repos.statusCodes.list(), code)?.code ?? code;
}
