import type { App } from '@slack/bolt';
import { InvalidInput, PidbotError } from '../../../domain/errors.js';
import { assignRequest } from '../../../services/requests/assignRequest.js';
import { failureMessage } from '../../failureMessage.js';
import { inputValue } from '../../payloads.js';
import type { SlackContext } from '../../slackContext.js';
import { FIELD, VIEW } from '../../views/actionIds.js';
import { readRequestForm } from './requestForm.js';

/** Assign modal saved: the picked curator gets the request; a refusal (not a curator, request complete) stays in the form. */
export function register(app: App, ctx: SlackContext): void {
  app.view(VIEW.assign, async ({ ack, body }) => {
    const form = await readRequestForm(ctx, ack, body, FIELD.assignee);
    if (!form) return;
    const { payload, requestId } = form;
    const assigneeId = inputValue(payload, FIELD.assignee);
    if (assigneeId === undefined) {
      await ack({ response_action: 'errors', errors: { [FIELD.assignee]: 'Pick the curator to assign.' } });
      return;
    }
    try {
      await assignRequest(ctx.deps, { actorId: payload.user.id, requestId, assigneeId });
      await ack();
    } catch (error) {
      if (error instanceof PidbotError) {
        // Modal errors are plain text: the problems themselves, or the refusal's message.
        const text =
          error instanceof InvalidInput ? error.problems.map((p) => p.description).join('\n') : error.message;
        await ack({ response_action: 'errors', errors: { [FIELD.assignee]: text.slice(0, 2000) } });
      } else {
        await ack();
        await ctx.poster.direct(payload.user.id, failureMessage(error, ctx.logger, 'The assignment'));
      }
    }
  });
}
