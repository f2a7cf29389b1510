import type { App } from '@slack/bolt';
import { assignRequest } from '../../../services/requests/assignRequest.js';
import type { SlackContext } from '../../slackContext.js';
import { tellActor } from '../../tellActor.js';
import { ACTION } from '../../views/actionIds.js';
import { textMessage } from '../../views/requestMessage.js';
import { onButton } from './buttonClick.js';

/** Assign to me: the clicking curator takes the request; the card and thread follow from the event. */
export function register(app: App, ctx: SlackContext): void {
  onButton(app, ctx, ACTION.assignToMe, 'Assignment', async (payload, requestId) => {
    const userId = payload.user.id;
    const outcome = await assignRequest(ctx.deps, { actorId: userId, requestId, assigneeId: userId });
    if (!outcome.change)
      await tellActor(
        ctx,
        { userId, channelId: payload.channel?.id },
        textMessage(`Request #${requestId} is already assigned to you.`),
      );
  });
}
