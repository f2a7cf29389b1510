import type { App } from '@slack/bolt';
import { recordHomeOpened } from '../../../services/requests/homeTab.js';
import { publishHome } from '../../home/publishHome.js';
import { appHomeOpenedEvent, parsePayload } from '../../payloads.js';
import type { SlackContext } from '../../slackContext.js';

/** App Home: a curator sees the open queue; anyone else sees their own requests. Later changes re-publish it. */
export function register(app: App, ctx: SlackContext): void {
  app.event('app_home_opened', async ({ event }) => {
    const { user, tab } = parsePayload(appHomeOpenedEvent, event);
    if (tab !== undefined && tab !== 'home') return;
    await recordHomeOpened(ctx.deps, ctx.homeViewers, user);
    await publishHome(ctx, user);
  });
}
