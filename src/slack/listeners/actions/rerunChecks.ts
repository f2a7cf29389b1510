import type { App } from '@slack/bolt';
import { rerunPostMintChecks } from '../../../services/identifiers/postMintChecks.js';
import type { SlackContext } from '../../slackContext.js';
import { tellActor } from '../../tellActor.js';
import { ACTION } from '../../views/actionIds.js';
import { postMintChecklistMessage } from '../../views/postMintChecklist.js';
import { onButton } from './buttonClick.js';

/** Re-run checks (curators): checks again and updates the checklist message the button is in. */
export function register(app: App, ctx: SlackContext): void {
  onButton(app, ctx, ACTION.rerunChecks, 'Re-running the checks', async (payload, requestId) => {
    const userId = payload.user.id;
    const message = postMintChecklistMessage(
      await rerunPostMintChecks(ctx.deps, { actorId: userId, requestId }),
      userId,
    );
    const channelId = payload.channel?.id;
    const ts = payload.message?.ts;
    if (channelId && ts) await ctx.poster.update({ channelId, ts }, message);
    else await tellActor(ctx, { userId, ...(channelId && { channelId }) }, message);
  });
}
