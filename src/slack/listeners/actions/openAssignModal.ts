import type { App } from '@slack/bolt';
import { findRequest, requireCurator } from '../../../services/requests/requestAccess.js';
import type { SlackContext } from '../../slackContext.js';
import { ACTION } from '../../views/actionIds.js';
import { assignModal } from '../../views/assignModal.js';
import { onButton } from './buttonClick.js';

/** Assign… / Reassign…: curators get the curator picker; anyone else is told privately and nothing opens. */
export function register(app: App, ctx: SlackContext): void {
  onButton(app, ctx, ACTION.openAssign, 'Assigning', async (payload, requestId, trigger) => {
    await requireCurator(ctx.deps, payload.user.id, 'assign requests');
    await ctx.poster.openView(trigger, assignModal(await findRequest(ctx.deps, requestId)));
  });
}
