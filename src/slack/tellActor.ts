import type { SlackContext } from './slackContext.js';
import type { SlackMessage } from './views/requestMessage.js';

/**
 * Reports back to the person who acted: privately in the channel they used,
 * falling back to their DM (the bot may not be in that channel). Never throws.
 */
export async function tellActor(
  ctx: SlackContext,
  where: { userId: string; channelId?: string },
  message: SlackMessage,
): Promise<void> {
  try {
    if (where.channelId) {
      try {
        await ctx.poster.ephemeral(where.channelId, where.userId, message);
        return;
      } catch (error) {
        ctx.logger.warn('ephemeral reply failed; sending a DM instead', { channelId: where.channelId, err: error });
      }
    }
    await ctx.poster.direct(where.userId, message);
  } catch (error) {
    ctx.logger.error('could not tell a user the outcome of their action', { userId: where.userId, err: error });
  }
}
