import { assertDeletable } from '../../domain/identifier.js';
import { requireCurator } from '../requests/requestAccess.js';
import type { ServiceDeps } from '../runtime/serviceDeps.js';
import { loadRequestIdentifier, type RequestIdentifier, recordIdentifierChange } from './identifierRecord.js';

/** Deletes an identifier that is still a `draft` (a mint that stopped before publishing). Curators only. */
export async function deleteIdentifier(
  deps: ServiceDeps,
  input: { actorId: string; requestId: number },
): Promise<RequestIdentifier> {
  await requireCurator(deps, input.actorId, 'delete an identifier');
  const { identifier } = await loadRequestIdentifier(deps.uow.repos, input.requestId);
  assertDeletable(identifier);
  await deps.pids.deleteDraft({ itemId: identifier.itemId, doi: identifier.doi });
  deps.logger.info('identifier deleted', { requestId: input.requestId, doi: identifier.doi, actorId: input.actorId });
  return recordIdentifierChange(deps, {
    requestId: input.requestId,
    actorId: input.actorId,
    comment: `Deleted the draft identifier ${identifier.doi}`,
    change: (repos, at) => repos.identifiers.setState(input.requestId, 'deleted', null, at),
    event: (request, deleted) => ({ type: 'IdentifierDeleted', request, identifier: deleted, actorId: input.actorId }),
  });
}
