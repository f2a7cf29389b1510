import type { App } from '@slack/bolt';
import { NotAllowed } from '../../../domain/errors.js';
import { listStatusCodes } from '../../../services/requests/listCatalogues.js';
import { findRequest } from '../../../services/requests/requestAccess.js';
import type { SlackContext } from '../../slackContext.js';
import { ACTION } from '../../views/actionIds.js';
import { statusModal } from '../../views/statusModal.js';
import { onButton } from './buttonClick.js';

/** Status…: curators get the modal; anyone else is told privately and nothing opens. */
export function register(app: App, ctx: SlackContext): void {
  onButton(app, ctx, ACTION.openStatus, 'Changing the status', async (payload, requestId, trigger) => {
    if (!(await ctx.deps.curators.isCurator(payload.user.id))) {
      ctx.logger.warn('refused the status modal to a non-curator', { actorId: payload.user.id, requestId });
      throw new NotAllowed('only curators can change the status of a request.');
    }
    const [request, codes] = await Promise.all([findRequest(ctx.deps, requestId), listStatusCodes(ctx.deps)]);
    await ctx.poster.openView(trigger, statusModal(request, codes));
  });
}
