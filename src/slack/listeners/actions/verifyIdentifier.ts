import type { App } from '@slack/bolt';
import { verifyIdentifier } from '../../../services/identifiers/verifyIdentifier.js';
import type { SlackContext } from '../../slackContext.js';
import { tellActor } from '../../tellActor.js';
import { ACTION } from '../../views/actionIds.js';
import { verificationReply } from '../../views/identifierReplies.js';
import { onButton } from './buttonClick.js';

/** Verify: checks the identifier now and tells the curator who asked. */
export function register(app: App, ctx: SlackContext): void {
  onButton(app, ctx, ACTION.verify, 'Verifying', async (payload, requestId) => {
    const reply = verificationReply(
      requestId,
      await verifyIdentifier(ctx.deps, { actorId: payload.user.id, requestId }),
    );
    await tellActor(ctx, { userId: payload.user.id, channelId: payload.channel?.id }, { text: reply.text, blocks: [] });
  });
}
