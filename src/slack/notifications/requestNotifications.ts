import type { PidRequest, StatusChange } from '../../domain/request.js';
import { loadRequestCard } from '../../services/requestCard.js';
import type { SlackContext } from '../slackContext.js';
import { escapeMrkdwn, userMention } from '../views/blockKit.js';
import { historyLine } from '../views/requestDetails.js';
import { requestHeadline, requestMessage, type SlackMessage } from '../views/requestMessage.js';

function textMessage(text: string): SlackMessage {
  return { text, blocks: [] };
}

/**
 * Keeps Slack in step with the request: one channel message per request,
 * updated in place, whose thread is the history; the requester hears of every
 * change by DM. Runs from the outbox, so a Slack failure is retried, not lost.
 */
export function registerRequestNotifications(ctx: SlackContext): void {
  const { deps } = ctx;

  async function refreshChannelMessage(snapshot: PidRequest): Promise<{ channelId: string; ts: string }> {
    // Render the request as it is now, not as the (possibly late) event saw it.
    const request = (await deps.uow.repos.requests.findById(snapshot.id)) ?? snapshot;
    const message = requestMessage(await loadRequestCard(deps, request));
    const ref = await ctx.messageRefs.find(request.id);
    if (ref) {
      await ctx.poster.update(ref, message);
      return ref;
    }
    const posted = await ctx.poster.post(ctx.curationChannelId, message);
    await ctx.messageRefs.save(request.id, posted);
    return posted;
  }

  deps.events.subscribe('RequestSubmitted', async ({ request }) => {
    // A retried delivery finds the message already posted and only refreshes it.
    await refreshChannelMessage(request);
    await ctx.poster.direct(
      request.requesterId,
      textMessage(`Your request *${escapeMrkdwn(requestHeadline({ request }))}* was submitted: its folder is in staging and the curators have been told.`),
    );
  });

  deps.events.subscribe('RequestStatusChanged', async ({ request, change }) => {
    const ref = await refreshChannelMessage(request);
    await ctx.poster.post(ref.channelId, textMessage(historyLine(change)), ref.ts);
    await ctx.poster.direct(request.requesterId, textMessage(statusDm(request, change)));
  });
}

function statusDm(request: PidRequest, change: StatusChange): string {
  const comment = change.comment ? `\n> ${escapeMrkdwn(change.comment).replace(/\n/g, '\n> ')}` : '';
  return `Your request *${escapeMrkdwn(requestHeadline({ request }))}* is now *${escapeMrkdwn(change.toStatus)}* (set by ${userMention(change.actorId)}).${comment}`;
}
