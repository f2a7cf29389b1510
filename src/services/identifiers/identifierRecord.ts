import { NotFound } from '../../domain/errors.js';
import type { DomainEvent } from '../../domain/events.js';
import type { Identifier } from '../../domain/identifier.js';
import type { PidRequest } from '../../domain/request.js';
import type { Repositories } from '../../ports/repositories.js';
import { loadRequest } from '../requests/requestAccess.js';
import type { ServiceDeps } from '../runtime/serviceDeps.js';

export interface RequestIdentifier {
  request: PidRequest;
  identifier: Identifier;
}

/** A request and the identifier minted for it; `NotFound` when it has none yet. */
export async function loadRequestIdentifier(
  repos: Pick<Repositories, 'requests' | 'identifiers'>,
  requestId: number,
): Promise<RequestIdentifier> {
  const request = await loadRequest(repos, requestId);
  const identifier = await repos.identifiers.findByRequest(requestId);
  if (!identifier) throw new NotFound(`Request #${requestId} has no identifier yet; mint it first.`);
  return { request, identifier };
}

/** `loadRequestIdentifier` for an edge (a Slack form), which holds the services' deps rather than repositories. */
export function findRequestIdentifier(deps: Pick<ServiceDeps, 'uow'>, requestId: number): Promise<RequestIdentifier> {
  return loadRequestIdentifier(deps.uow.repos, requestId);
}

/**
 * Records something done to a request's identifier after minting: the
 * identifier row, a history line (the request's status stays) and the event,
 * in one transaction.
 */
export async function recordIdentifierChange(
  deps: Pick<ServiceDeps, 'uow' | 'clock' | 'events'>,
  input: {
    requestId: number;
    actorId: string;
    comment: string;
    /** Updates the identifier row; without it the row is read as it is. */
    change?: (repos: Repositories, at: string) => Promise<Identifier>;
    event: (request: PidRequest, identifier: Identifier) => DomainEvent;
  },
): Promise<RequestIdentifier> {
  const outcome = await deps.uow.transaction(async (repos) => {
    const at = deps.clock.now().toISOString();
    const loaded = await loadRequestIdentifier(repos, input.requestId);
    const identifier = input.change ? await input.change(repos, at) : loaded.identifier;
    const { request } = loaded;
    await repos.history.append({
      requestId: request.id,
      fromStatus: request.status,
      toStatus: request.status,
      actorId: input.actorId,
      comment: input.comment,
      at,
    });
    await repos.outbox.add(input.event(request, identifier), at);
    return { request, identifier };
  });
  deps.events.kick();
  return outcome;
}
