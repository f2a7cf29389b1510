import type { App } from '@slack/bolt';
import { InvalidInput, PidbotError } from '../../../domain/errors.js';
import { setRequestStatus } from '../../../services/requests/setRequestStatus.js';
import { failureMessage } from '../../failureMessage.js';
import { inputValue } from '../../payloads.js';
import type { SlackContext } from '../../slackContext.js';
import { FIELD, VIEW } from '../../views/actionIds.js';
import { readRequestForm } from './requestForm.js';

/** Status… modal saved: an existing code or a new one (saved for reuse), plus a comment. */
export function register(app: App, ctx: SlackContext): void {
  app.view(VIEW.setStatus, async ({ ack, body }) => {
    const form = await readRequestForm(ctx, ack, body, FIELD.status);
    if (!form) return;
    const { payload, requestId } = form;
    const existing = inputValue(payload, FIELD.status);
    const created = inputValue(payload, FIELD.newStatus);
    if (existing === undefined && created === undefined) {
      await ack({ response_action: 'errors', errors: { [FIELD.status]: 'Pick a status, or type a new one below.' } });
      return;
    }
    try {
      // A typed new code wins over the pre-selected current one.
      await setRequestStatus(ctx.deps, {
        actorId: payload.user.id,
        requestId,
        status: created ?? existing ?? '',
        comment: inputValue(payload, FIELD.comment),
      });
      await ack();
    } catch (error) {
      if (error instanceof InvalidInput) {
        const field = error.problems.some((p) => p.path === 'comment')
          ? FIELD.comment
          : created
            ? FIELD.newStatus
            : FIELD.status;
        await ack({
          response_action: 'errors',
          errors: {
            [field]: error.problems
              .map((p) => p.description)
              .join('\n')
              .slice(0, 2000),
          },
        });
      } else if (error instanceof PidbotError) {
        await ack({
          response_action: 'errors',
          errors: { [created ? FIELD.newStatus : FIELD.status]: error.message.slice(0, 2000) },
        });
      } else {
        await ack();
        await ctx.poster.direct(payload.user.id, failureMessage(error, ctx.logger, 'The status change'));
      }
    }
  });
}
