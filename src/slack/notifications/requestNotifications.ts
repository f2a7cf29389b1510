import type { ContentHashing } from '../../domain/events.js';
import type { PidRequest, StatusChange } from '../../domain/request.js';
import type { SlackContext } from '../slackContext.js';
import { type Block, escapeMrkdwn, section, userMention } from '../views/blockKit.js';
import { historyLine } from '../views/requestDetails.js';
import { requesterButtons, requestHeadline, textMessage } from '../views/requestMessage.js';
import type { RequestMessages } from './requestMessages.js';

/**
 * Keeps Slack in step with the request: one channel message per request,
 * updated in place, whose thread is the history; the requester hears of every
 * change by DM. Runs from the outbox, so a Slack failure is retried, not lost.
 */
export function registerRequestNotifications(ctx: SlackContext, messages: RequestMessages): void {
  const { deps } = ctx;

  // Each Slack effect is its own subscriber, so a retry after a failed DM does not repeat the thread line.
  deps.events.subscribe('RequestSubmitted', async ({ request }) => {
    // A retried delivery finds the message already posted and only refreshes it.
    await messages.refresh(request);
  });
  deps.events.subscribe('RequestSubmitted', async ({ request }) => {
    const text = `Your request *${escapeMrkdwn(requestHeadline({ request }))}* was submitted: its folder is in staging and the curators have been told.`;
    await ctx.poster.direct(request.requesterId, {
      ...textMessage(text),
      blocks: withButtons(text, requesterButtons(request)),
    });
  });

  // The card shows the change and its thread gets the history line.
  const cardAndThread = async ({ request, change }: { request: PidRequest; change: StatusChange }) => {
    const ref = await messages.refresh(request);
    await ctx.poster.post(ref.channelId, textMessage(historyLine(change)), ref.ts);
  };
  deps.events.subscribe('RequestStatusChanged', cardAndThread);
  deps.events.subscribe('ContentHashing', async (note) => {
    const ref = await messages.refresh(note.request);
    await ctx.poster.post(ref.channelId, textMessage(contentHashingLine(note)), ref.ts);
  });
  deps.events.subscribe('RequestStatusChanged', async ({ request, change }) => {
    const dm = textMessage(statusDm(request, change));
    await ctx.poster.direct(request.requesterId, { ...dm, blocks: withButtons(dm.text, requesterButtons(request)) });
  });

  deps.events.subscribe('RequestAssigned', cardAndThread);
  // A curator handed the request to someone else: that curator hears of it (taking it yourself needs no DM).
  deps.events.subscribe('RequestAssigned', async ({ request, change }) => {
    if (change.assigneeId === undefined || change.assigneeId === change.actorId) return;
    await ctx.poster.direct(
      change.assigneeId,
      textMessage(
        `${userMention(change.actorId)} assigned request *${escapeMrkdwn(requestHeadline({ request }))}* (${escapeMrkdwn(request.status)}) to you.`,
      ),
    );
  });
}

/** A DM's text with the requester's buttons under it; plain text when there are none. */
function withButtons(text: string, buttons: Block[]): Block[] {
  return buttons.length === 0 ? [] : [section(text), ...buttons];
}

function statusDm(request: PidRequest, change: StatusChange): string {
  const comment = change.comment ? `\n> ${escapeMrkdwn(change.comment).replace(/\n/g, '\n> ')}` : '';
  return `Your request *${escapeMrkdwn(requestHeadline({ request }))}* is now *${escapeMrkdwn(change.toStatus)}* (set by ${userMention(change.actorId)}).${comment}`;
}

const MIB = 1024 * 1024;

/** The thread's progress note while a large folder is hashed to freeze (or check) its content. */
function contentHashingLine({ phase, files, bytes, elapsedMs = 0 }: ContentHashing): string {
  const size = `${files.toLocaleString('en-GB')} file(s), ${(bytes / MIB).toLocaleString('en-GB', { maximumFractionDigits: 1 })} MiB`;
  return phase === 'started'
    ? `:hourglass_flowing_sand: Hashing the folder's content (${size}) with SHA-256; this may take a while.`
    : `:white_check_mark: Hashed the folder's content (${size}) in ${(elapsedMs / 1000).toFixed(1)} s.`;
}
