import { Conflict, NotFound } from '../../domain/errors.js';
import type { DomainEvent } from '../../domain/events.js';
import type { OutboxEntry, OutboxRedrive } from '../../ports/repositories.js';
import { requireCurator } from '../requests/requestAccess.js';
import { MAX_DELIVERY_ATTEMPTS } from './eventRelay.js';
import type { ServiceDeps } from './serviceDeps.js';

/** A set-aside event as an operator sees it: what it is about, and why it failed. */
export interface SetAsideEvent {
  id: number;
  type: DomainEvent['type'];
  /** The request it is about, when it is about one. */
  requestId: number | null;
  attempts: number;
  lastError: string | null;
  createdAt: string;
}

const LIST_LIMIT = 1000;

/** Events the relay set aside after MAX_DELIVERY_ATTEMPTS failed deliveries, oldest first. */
export async function listSetAsideEvents(deps: Pick<ServiceDeps, 'uow'>): Promise<SetAsideEvent[]> {
  const entries = await deps.uow.repos.outbox.setAside(MAX_DELIVERY_ATTEMPTS, LIST_LIMIT);
  return entries.map(setAsideEventOf);
}

export interface RedriveInput {
  actorId: string;
  eventId: number;
  /** How the operator asked, for the audit: `CLI, OS user alice`. */
  via: string;
}

/**
 * Sends a set-aside event back to the relay with a fresh set of attempts, and
 * records who did it and what it had failed with; the bot delivers it at its
 * next round (within its redelivery interval). Curators only.
 */
export async function redriveEvent(deps: ServiceDeps, input: RedriveInput): Promise<OutboxRedrive> {
  await requireCurator(deps, input.actorId, 'redrive a set-aside notification');
  const redrive = await deps.uow.transaction(async (repos) => {
    const entry = await repos.outbox.find(input.eventId);
    if (!entry) throw new NotFound(`Event #${input.eventId} is not in the outbox (delivered events are pruned).`);
    if (!(await repos.outbox.redrive(entry.id, MAX_DELIVERY_ATTEMPTS))) throw new Conflict(notSetAside(entry));
    const record: OutboxRedrive = {
      eventId: entry.id,
      eventType: entry.event.type,
      actorId: input.actorId,
      via: input.via,
      previousAttempts: entry.attempts,
      previousError: entry.lastError,
      at: deps.clock.now().toISOString(),
    };
    await repos.outbox.recordRedrive(record);
    return record;
  });
  deps.logger.info('set-aside event redriven', { ...redrive });
  deps.events.kick();
  return redrive;
}

function notSetAside(entry: OutboxEntry): string {
  return entry.deliveredAt !== null
    ? `Event #${entry.id} was delivered at ${entry.deliveredAt}; there is nothing to redrive.`
    : `Event #${entry.id} is not set aside: it is still being retried (${entry.attempts} of ${MAX_DELIVERY_ATTEMPTS} attempts); wait for the relay.`;
}

function setAsideEventOf(entry: OutboxEntry): SetAsideEvent {
  return {
    id: entry.id,
    type: entry.event.type,
    requestId: 'request' in entry.event ? entry.event.request.id : null,
    attempts: entry.attempts,
    lastError: entry.lastError,
    createdAt: entry.createdAt,
  };
}
