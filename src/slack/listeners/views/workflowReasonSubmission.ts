import type { App } from '@slack/bolt';
import { cancelRequest, declineRequest } from '../../../services/requests/closeRequest.js';
import { requestChanges } from '../../../services/requests/requestChanges.js';
import { failureMessage } from '../../failureMessage.js';
import { inputValue } from '../../payloads.js';
import type { SlackContext } from '../../slackContext.js';
import { FIELD, VIEW } from '../../views/actionIds.js';
import { readRequestForm } from './requestForm.js';

const SUBMISSIONS = [
  [VIEW.requestChanges, requestChanges, 'Requesting changes'],
  [VIEW.decline, declineRequest, 'Declining'],
  [VIEW.cancel, cancelRequest, 'Cancelling'],
] as const;

/** A reason modal saved: the action runs through the workflow; a refusal comes back by DM. */
export function register(app: App, ctx: SlackContext): void {
  for (const [callbackId, service, what] of SUBMISSIONS) {
    app.view(callbackId, async ({ ack, body }) => {
      const form = await readRequestForm(ctx, ack, body, callbackId);
      if (!form) return;
      const { payload, requestId } = form;
      const reason = inputValue(payload, FIELD.reason) ?? '';
      // Moving a folder home may outlast Slack's 3 s: acknowledge, then report any refusal by DM.
      await ack();
      try {
        await service(ctx.deps, { actorId: payload.user.id, requestId, reason });
      } catch (error) {
        await ctx.poster.direct(payload.user.id, failureMessage(error, ctx.logger, `${what} request #${requestId}`));
      }
    });
  }
}
