import type { App } from '@slack/bolt';
import { isClosed } from '../../../domain/request.js';
import { listRequests } from '../../../services/requests/listRequests.js';
import { loadRequestCard } from '../../../services/requests/requestCard.js';
import { appHomeOpenedEvent, parsePayload } from '../../payloads.js';
import type { SlackContext } from '../../slackContext.js';
import { curatorHome, requesterHome } from '../../views/appHome.js';

const HOME_PAGE = 40;

/** App Home: a curator sees the review queue; anyone else sees their own requests. */
export function register(app: App, ctx: SlackContext): void {
  app.event('app_home_opened', async ({ event }) => {
    const { user, tab } = parsePayload(appHomeOpenedEvent, event);
    if (tab !== undefined && tab !== 'home') return;
    const page = await listRequests(ctx.deps, { actorId: user, limit: HOME_PAGE });
    if (page.scope === 'own') {
      await ctx.poster.publishHome(user, requesterHome(page.items));
      return;
    }
    const open = page.items.filter((r) => !isClosed(r));
    const cards = await Promise.all(open.map((r) => loadRequestCard(ctx.deps, r)));
    await ctx.poster.publishHome(user, curatorHome(cards));
  });
}
