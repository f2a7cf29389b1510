import type { App } from '@slack/bolt';
import { z } from 'zod';
import { describeIdentifierLink } from '../../../services/identifiers/identifierLink.js';
import { parsePayload } from '../../payloads.js';
import type { SlackContext } from '../../slackContext.js';
import { identifierUnfurl } from '../../views/identifierUnfurl.js';

const linkSharedEvent = z.object({
  channel: z.string().min(1).max(40),
  message_ts: z.string().min(1).max(40),
  // Slack sends at most a handful per message; more are ignored.
  links: z
    .array(z.object({ url: z.string().max(2000) }))
    .max(20)
    .default([]),
});

/** doi.org and landing-page links to pidbot's identifiers unfurl to a card: title, state, how to cite. */
export function register(app: App, ctx: SlackContext): void {
  app.event('link_shared', async ({ event }) => {
    const shared = parsePayload(linkSharedEvent, event);
    const unfurls: Record<string, { blocks: Record<string, unknown>[] }> = {};
    for (const { url } of shared.links) {
      const card = await describeIdentifierLink(ctx.deps, url);
      if (card) unfurls[url] = identifierUnfurl(card);
    }
    // Links to DOIs pidbot does not hold keep Slack's own preview.
    if (Object.keys(unfurls).length > 0) await ctx.poster.unfurl(shared.channel, shared.message_ts, unfurls);
  });
}
