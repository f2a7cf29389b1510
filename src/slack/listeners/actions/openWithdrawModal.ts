import type { App } from '@slack/bolt';
import { findRequestIdentifier } from '../../../services/identifiers/identifierRecord.js';
import { requireCurator } from '../../../services/requests/requestAccess.js';
import type { SlackContext } from '../../slackContext.js';
import { ACTION } from '../../views/actionIds.js';
import { withdrawModal } from '../../views/withdrawModal.js';
import { onButton } from './buttonClick.js';

/** Withdraw…: curators get the reason modal; anyone else is told privately. */
export function register(app: App, ctx: SlackContext): void {
  onButton(app, ctx, ACTION.openWithdraw, 'Withdrawing the identifier', async (payload, requestId, trigger) => {
    await requireCurator(ctx.deps, payload.user.id, 'withdraw an identifier');
    const { request, identifier } = await findRequestIdentifier(ctx.deps, requestId);
    await ctx.poster.openView(trigger, withdrawModal(request, identifier.doi));
  });
}
