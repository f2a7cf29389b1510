import type { App } from '@slack/bolt';
import { withdrawIdentifier } from '../../../services/identifiers/withdrawIdentifier.js';
import { failureMessage } from '../../failureMessage.js';
import { inputValue } from '../../payloads.js';
import type { SlackContext } from '../../slackContext.js';
import { FIELD, VIEW } from '../../views/actionIds.js';
import { readRequestForm } from './requestForm.js';

/** Withdraw modal saved: findable → withdrawn, with the reason if one was given; refusals come by DM. */
export function register(app: App, ctx: SlackContext): void {
  app.view(VIEW.withdraw, async ({ ack, body }) => {
    const form = await readRequestForm(ctx, ack, body, VIEW.withdraw);
    if (!form) return;
    const { payload, requestId } = form;
    const reason = inputValue(payload, FIELD.reason) ?? '';
    // The state change is one provider call; past the ack budget it still completes and reports by DM.
    await ack();
    try {
      await withdrawIdentifier(ctx.deps, { actorId: payload.user.id, requestId, reason });
    } catch (error) {
      await ctx.poster.direct(
        payload.user.id,
        failureMessage(error, ctx.logger, `Withdrawing the identifier of request #${requestId}`),
      );
    }
  });
}
