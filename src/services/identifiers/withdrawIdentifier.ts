import { InvalidInput } from '../../domain/errors.js';
import { assertWithdrawable, reasonText } from '../../domain/identifier.js';
import { requireCurator } from '../requests/requestAccess.js';
import type { ServiceDeps } from '../runtime/serviceDeps.js';
import { loadRequestIdentifier, type RequestIdentifier, recordIdentifierChange } from './identifierRecord.js';

export interface WithdrawIdentifierInput {
  actorId: string;
  requestId: number;
  /** Shown on the identifier's tombstone page; optional (the document makes it so), empty when none is given. */
  reason: string;
}

export const MAX_WITHDRAW_REASON_LENGTH = 500;

/** Withdraws a findable identifier, with the reason the tombstone page shows if one is given (pidbot keeps it). Curators only. */
export async function withdrawIdentifier(
  deps: ServiceDeps,
  input: WithdrawIdentifierInput,
): Promise<RequestIdentifier> {
  await requireCurator(deps, input.actorId, 'withdraw an identifier');
  const reason = input.reason.trim().replace(/\s+/g, ' ');
  if (reason.length > MAX_WITHDRAW_REASON_LENGTH) {
    throw new InvalidInput([
      {
        path: 'reason',
        description: `is ${reason.length} characters; keep the tombstone reason to ${MAX_WITHDRAW_REASON_LENGTH}`,
      },
    ]);
  }
  const { identifier } = await loadRequestIdentifier(deps.uow.repos, input.requestId);
  assertWithdrawable(identifier);
  await deps.pids.withdraw({ itemId: identifier.itemId, doi: identifier.doi }, reason);
  deps.logger.info('identifier withdrawn', { requestId: input.requestId, doi: identifier.doi, actorId: input.actorId });
  return recordIdentifierChange(deps, {
    requestId: input.requestId,
    actorId: input.actorId,
    comment: `Withdrew ${identifier.doi}. Reason: ${reasonText(reason || null)}`,
    change: (repos, at) => repos.identifiers.setState(input.requestId, 'unavailable', reason || null, at),
    event: (request, withdrawn) => ({
      type: 'IdentifierWithdrawn',
      request,
      identifier: withdrawn,
      reason: reason || null,
      actorId: input.actorId,
    }),
  });
}
