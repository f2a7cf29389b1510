import type { PidRequest } from '../../domain/request.js';
import type { MessageRef } from '../../ports/messageRefs.js';
import { currentRequest } from '../../services/requests/requestAccess.js';
import { loadRequestCard } from '../../services/requests/requestCard.js';
import type { SlackContext } from '../slackContext.js';
import { requestMessage } from '../views/requestMessage.js';

/** The one channel message per request: posted once, then updated in place. */
export interface RequestMessages {
  /** Re-renders the request as it is now and returns where its message (and thread) is. */
  refresh(request: PidRequest): Promise<MessageRef>;
}

export function requestMessages(ctx: SlackContext): RequestMessages {
  return {
    async refresh(snapshot) {
      // Render the request as it is now, not as the (possibly late) event saw it.
      const request = await currentRequest(ctx.deps, snapshot);
      const message = requestMessage(await loadRequestCard(ctx.deps, request));
      const ref = await ctx.messageRefs.find(request.id);
      if (ref) {
        await ctx.poster.update(ref, message);
        return ref;
      }
      const posted = await ctx.poster.post(ctx.curationChannelId, message);
      await ctx.messageRefs.save(request.id, posted);
      return posted;
    },
  };
}
