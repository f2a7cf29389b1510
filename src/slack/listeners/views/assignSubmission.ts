import type { App } from '@slack/bolt';
import { PidbotError } from '../../../domain/errors.js';
import { assignRequest } from '../../../services/requests/assignRequest.js';
import { failureMessage } from '../../failureMessage.js';
import { inputValue } from '../../payloads.js';
import type { SlackContext } from '../../slackContext.js';
import { FIELD, VIEW } from '../../views/actionIds.js';
import { modalErrorText, readRequestForm, refuseForm } from './requestForm.js';

/** Assign modal saved: the picked curator gets the request; a refusal (not a curator, request complete) stays in the form. */
export function register(app: App, ctx: SlackContext): void {
  app.view(VIEW.assign, async ({ ack, body, context }) => {
    const form = await readRequestForm(ctx, ack, body, VIEW.assign);
    if (!form) return;
    const { payload, requestId } = form;
    try {
      await assignRequest(ctx.deps, {
        actorId: payload.user.id,
        requestId,
        assigneeId: inputValue(payload, FIELD.assignee) ?? '',
      });
      await ack();
    } catch (error) {
      if (error instanceof PidbotError) {
        await refuseForm(
          ctx,
          { ack, context, userId: payload.user.id },
          { [FIELD.assignee]: modalErrorText(error) },
          () => failureMessage(error, ctx.logger, `The assignment of request #${requestId}`),
        );
      } else {
        await ack();
        await ctx.poster.direct(payload.user.id, failureMessage(error, ctx.logger, 'The assignment'));
      }
    }
  });
}
