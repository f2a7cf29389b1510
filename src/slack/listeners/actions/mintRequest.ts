import type { App } from '@slack/bolt';
import { mintIdentifier } from '../../../services/minting/mintIdentifier.js';
import type { SlackContext } from '../../slackContext.js';
import { ACTION } from '../../views/actionIds.js';
import { onButton } from './buttonClick.js';

/**
 * Mint (after Slack's confirmation dialog): runs after the ack; the outcome
 * reaches the thread and the requester through the mint's events, and a
 * failure — the provider's error in full — goes privately to the curator.
 */
export function register(app: App, ctx: SlackContext): void {
  onButton(app, ctx, ACTION.mint, 'Minting', async (payload, requestId) => {
    await mintIdentifier(ctx.deps, { actorId: payload.user.id, requestId });
  });
}
