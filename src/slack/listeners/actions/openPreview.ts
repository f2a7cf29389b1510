import type { App } from '@slack/bolt';
import { previewRequestMetadata } from '../../../services/minting/previewRegistrarPayload.js';
import type { SlackContext } from '../../slackContext.js';
import { ACTION } from '../../views/actionIds.js';
import { previewModal } from '../../views/previewModal.js';
import { onButton } from './buttonClick.js';

/** Preview: the folder's whole metadata and the registrar's payload in a modal, for its requester or a curator. */
export function register(app: App, ctx: SlackContext): void {
  onButton(app, ctx, ACTION.preview, 'Previewing the metadata', async (payload, requestId, trigger) => {
    const preview = await previewRequestMetadata(ctx.deps, { actorId: payload.user.id, requestId });
    await ctx.poster.openView(trigger, previewModal(preview));
  });
}
