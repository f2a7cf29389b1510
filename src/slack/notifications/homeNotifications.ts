import type { DomainEvent } from '../../domain/events.js';
import { homeAudience } from '../../services/requests/homeTab.js';
import { publishHome } from '../home/publishHome.js';
import type { SlackContext } from '../slackContext.js';

/** Every event that changes what a request's Home line says (status, assignee, identifier, or a new request). */
const REQUEST_CHANGES = [
  'RequestSubmitted',
  'RequestStatusChanged',
  'RequestAssigned',
  'IdentifierMinted',
  'MintFailed',
  'MintReconciled',
  'IdentifierWithdrawn',
  'IdentifierDeleted',
] as const satisfies readonly DomainEvent['type'][];

/**
 * Keeps App Home current: after each change to a request, re-publishes the
 * Home of its requester, its assignee (and the one it was taken from) and the
 * curators who opened Home recently. Runs from the outbox, so a crash or a
 * Slack outage delays a refresh, never loses it.
 */
export function registerHomeNotifications(ctx: SlackContext): void {
  for (const type of REQUEST_CHANGES) {
    ctx.deps.events.subscribe(type, async (event) => {
      const previous = event.type === 'RequestAssigned' ? event.previousAssigneeId : undefined;
      const audience = await homeAudience(ctx.deps, ctx.homeViewers, event.request, [previous]);
      // One person's failed publish must not stop the others'; the delivery is retried if any failed.
      const outcomes = await Promise.allSettled(audience.map((userId) => publishHome(ctx, userId)));
      const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
      if (failed) throw failed.reason;
    });
  }
}
