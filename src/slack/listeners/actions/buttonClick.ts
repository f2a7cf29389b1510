import type { App, BlockAction } from '@slack/bolt';
import { afterAcknowledgements } from '../../afterAcknowledgements.js';
import { failureMessage } from '../../failureMessage.js';
import { arrivedAt } from '../../inbox/triggerArrival.js';
import { type ButtonPayload, buttonPayload, parsePayload } from '../../payloads.js';
import type { SlackContext } from '../../slackContext.js';
import type { ModalTrigger } from '../../slackPoster.js';
import { tellActor } from '../../tellActor.js';

/**
 * Registers a request button: ack at once (inside Slack's 3 s), validate the
 * payload, run the work, and report any failure privately to whoever clicked.
 */
export function onButton(
  app: App,
  ctx: SlackContext,
  actionId: string,
  what: string,
  work: (payload: ButtonPayload, requestId: number, trigger: ModalTrigger) => Promise<void>,
): void {
  app.action<BlockAction>(actionId, async ({ ack, body, context }) => {
    // The trigger's 3 s run from its arrival: taken before anything else, so a slow step cannot hide in the budget.
    const receivedAt = arrivedAt(context);
    await ack();
    await afterAcknowledgements();
    let payload: ButtonPayload;
    try {
      payload = parsePayload(buttonPayload, body);
    } catch (error) {
      ctx.logger.warn('refused a malformed button payload', { actionId, err: error });
      return;
    }
    const requestId = payload.actions[0]?.value ?? 0;
    try {
      await work(payload, requestId, { id: payload.trigger_id, userId: payload.user.id, receivedAt });
    } catch (error) {
      await tellActor(
        ctx,
        { userId: payload.user.id, channelId: payload.channel?.id },
        failureMessage(error, ctx.logger, `${what} of request #${requestId}`),
      );
    }
  });
}
