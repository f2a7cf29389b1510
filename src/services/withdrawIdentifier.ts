import { InvalidInput } from '../domain/errors.js';
import { assertWithdrawable } from '../domain/identifier.js';
import { requireCurator } from './authorisation.js';
import { loadRequestIdentifier, recordIdentifierChange, type RequestIdentifier } from './identifierRecord.js';
import type { ServiceDeps } from './serviceDeps.js';

export interface WithdrawIdentifierInput {
  actorId: string;
  requestId: number;
  /** Shown on the identifier's tombstone page; required. */
  reason: string;
}

export const MAX_WITHDRAW_REASON_LENGTH = 500;

/** Withdraws a findable identifier, with the reason the tombstone page shows (pidbot keeps it). Curators only. */
export async function withdrawIdentifier(deps: ServiceDeps, input: WithdrawIdentifierInput): Promise<RequestIdentifier> {
  await requireCurator(deps, input.actorId, 'withdraw an identifier');
  const reason = input.reason.trim().replace(/\s+/g, ' ');
  if (reason === '' || reason.length > MAX_WITHDRAW_REASON_LENGTH) {
    throw new InvalidInput([
      { path: 'reason', description: `say why the identifier is withdrawn (1-${MAX_WITHDRAW_REASON_LENGTH} characters); it is shown on the tombstone page` },
    ]);
  }
  const { identifier } = await loadRequestIdentifier(deps.uow.repos, input.requestId);
  assertWithdrawable(identifier);
  await deps.pids.withdraw({ itemId: identifier.itemId, doi: identifier.doi }, reason);
  deps.logger.info('identifier withdrawn', { requestId: input.requestId, doi: identifier.doi, actorId: input.actorId });
  return recordIdentifierChange(deps, {
    requestId: input.requestId,
    actorId: input.actorId,
    comment: `Withdrew ${identifier.doi}. Reason: ${reason}`,
    change: (repos, at) => repos.identifiers.setState(input.requestId, 'unavailable', reason, at),
    event: (request, withdrawn) => ({ type: 'IdentifierWithdrawn', request, identifier: withdrawn, reason, actorId: input.actorId }),
  });
}
