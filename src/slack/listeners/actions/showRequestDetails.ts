import type { App } from '@slack/bolt';
import { requestDetailsWithRegistrar } from '../../../services/identifiers/registrarState.js';
import type { SlackContext } from '../../slackContext.js';
import { ACTION } from '../../views/actionIds.js';
import { requestDetailsModal } from '../../views/requestDetails.js';
import { onButton } from './buttonClick.js';

/** Details: the request and its full history in a modal, for its requester or a curator (who also sees the registrar's state now). */
export function register(app: App, ctx: SlackContext): void {
  onButton(app, ctx, ACTION.details, 'Showing the details', async (payload, requestId, trigger) => {
    const details = await requestDetailsWithRegistrar(ctx.deps, { actorId: payload.user.id, requestId });
    await ctx.poster.openView(trigger, requestDetailsModal(details));
  });
}
