import type { SlackContext } from '../slackContext.js';
import { curatorDigest, requesterReminder } from '../views/reminderMessages.js';

/** Reminders from the outbox: the digest in the curation channel and one DM per requester (each its own subscriber). */
export function registerReminderNotifications(ctx: SlackContext): void {
  ctx.deps.events.subscribe('RemindersDue', async (event) => {
    if (event.digest.length > 0)
      await ctx.poster.post(ctx.curationChannelId, curatorDigest(event, ctx.deps.clock.now()));
  });
  ctx.deps.events.subscribe('RemindersDue', async (event) => {
    for (const { requesterId, requests } of event.requesters)
      await ctx.poster.direct(requesterId, requesterReminder(requests, event.afterDays, ctx.deps.clock.now()));
  });
}
