import { loadHomeTab } from '../../services/requests/homeTab.js';
import type { SlackContext } from '../slackContext.js';
import { homeView } from '../views/appHome.js';

/** Publishes `userId`'s App Home as it stands now (their queue filter, or their own requests). */
export async function publishHome(ctx: SlackContext, userId: string): Promise<void> {
  const tab = await loadHomeTab(ctx.deps, ctx.homeViewers, userId);
  await ctx.poster.publishHome(userId, homeView(tab));
}
