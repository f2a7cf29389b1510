import type { App } from '@slack/bolt';
import { z } from 'zod';
import { failureMessage } from '../../failureMessage.js';
import { parsePayload } from '../../payloads.js';
import type { SlackContext } from '../../slackContext.js';
import { escapeMrkdwn, userMention } from '../../views/blockKit.js';
import { textMessage } from '../../views/requestMessage.js';
import { openRequestFormFor } from '../actions/newRequest.js';

/** Callback IDs of the shortcuts in manifest.yml. */
export const SHORTCUT = {
  requestPid: 'request_pid',
  askDesk: 'ask_pid_desk',
} as const;

const slackUser = z.object({ id: z.string().regex(/^[UW][A-Z0-9]{2,}$/) });
const messageShortcut = z.object({
  user: slackUser,
  channel: z.object({ id: z.string().regex(/^[CDG][A-Z0-9]{2,}$/) }),
  message: z.object({ ts: z.string().max(40), text: z.string().max(40_000).default('') }),
});

/** Slack shows at most this much of the quoted message in the desk's thread starter. */
const QUOTE_CHARS = 1500;

/**
 * "Request a permanent ID" (global): the request modal, as `/pid request`.
 * "Ask the PID desk about this" (message): a thread in the curation channel
 * quoting the message, where the curators and the asker talk it over.
 */
export function register(app: App, ctx: SlackContext): void {
  app.shortcut(SHORTCUT.requestPid, async ({ ack, body }) => {
    await ack();
    await openRequestFormFor(ctx, body);
  });

  app.shortcut(SHORTCUT.askDesk, async ({ ack, body }) => {
    await ack();
    let shortcut: z.infer<typeof messageShortcut>;
    try {
      shortcut = parsePayload(messageShortcut, body);
    } catch (error) {
      ctx.logger.warn('refused a malformed message shortcut', { err: error });
      return;
    }
    const { user, channel, message } = shortcut;
    const quoted = escapeMrkdwn(message.text.slice(0, QUOTE_CHARS)).replace(/\n/g, '\n> ');
    try {
      const thread = await ctx.poster.post(
        ctx.curationChannelId,
        textMessage(
          `:speech_balloon: ${userMention(user.id)} asks the PID desk about a message in <#${channel.id}>:\n> ${quoted || '_(no text)_'}`,
        ),
      );
      await ctx.poster.post(
        thread.channelId,
        textMessage('Curators: answer in this thread; `/pid request` starts the request itself.'),
        thread.ts,
      );
      await ctx.poster.direct(
        user.id,
        textMessage('The PID desk has your question; a curator will answer in the curation channel’s thread.'),
      );
    } catch (error) {
      await ctx.poster.direct(user.id, failureMessage(error, ctx.logger, 'Asking the PID desk'));
    }
  });
}
