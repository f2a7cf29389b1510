import type { App } from '@slack/bolt';
import { loadVisibleRequest } from '../../../services/requests/requestAccess.js';
import { resubmitRequest } from '../../../services/requests/requestChanges.js';
import type { SlackContext } from '../../slackContext.js';
import { ACTION } from '../../views/actionIds.js';
import { type ReasonAction, workflowReasonModal } from '../../views/workflowReasonModal.js';
import { onButton } from './buttonClick.js';

const REASON_BUTTONS: [string, ReasonAction, string][] = [
  [ACTION.openRequestChanges, 'request_changes', 'Requesting changes'],
  [ACTION.openDecline, 'decline', 'Declining'],
  [ACTION.openCancel, 'cancel', 'Cancelling'],
];

/**
 * Request changes…, Decline… and Cancel request… open their reason modal (the
 * workflow decides on submit who may); Resubmit checks the folder again at once.
 */
export function register(app: App, ctx: SlackContext): void {
  for (const [actionId, action, what] of REASON_BUTTONS) {
    onButton(app, ctx, actionId, what, async (payload, requestId, trigger) => {
      const request = await loadVisibleRequest(ctx.deps, payload.user.id, requestId);
      await ctx.poster.openView(trigger, workflowReasonModal(request, action));
    });
  }
  onButton(app, ctx, ACTION.resubmit, 'Resubmitting', async (payload, requestId) => {
    await resubmitRequest(ctx.deps, { actorId: payload.user.id, requestId });
  });
}
