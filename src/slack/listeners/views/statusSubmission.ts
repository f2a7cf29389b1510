import type { App } from '@slack/bolt';
import { InvalidInput, PidbotError } from '../../../domain/errors.js';
import { setRequestStatus } from '../../../services/requests/setRequestStatus.js';
import { failureMessage } from '../../failureMessage.js';
import { inputValue } from '../../payloads.js';
import type { SlackContext } from '../../slackContext.js';
import { FIELD, VIEW } from '../../views/actionIds.js';
import { modalErrorText, readRequestForm, refuseForm } from './requestForm.js';

/** Status… modal saved: an existing code or a new one (saved for reuse), plus a comment. */
export function register(app: App, ctx: SlackContext): void {
  app.view(VIEW.setStatus, async ({ ack, body, context }) => {
    const form = await readRequestForm(ctx, ack, body, VIEW.setStatus);
    if (!form) return;
    const { payload, requestId } = form;
    const existing = inputValue(payload, FIELD.status);
    const created = inputValue(payload, FIELD.newStatus);
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
      if (error instanceof PidbotError) {
        const field =
          error instanceof InvalidInput && error.problems.some((p) => p.path === 'comment')
            ? FIELD.comment
            : created
              ? FIELD.newStatus
              : FIELD.status;
        await refuseForm(ctx, { ack, context, userId: payload.user.id }, { [field]: modalErrorText(error) }, () =>
          failureMessage(error, ctx.logger, `The status change of request #${requestId}`),
        );
      } else {
        await ack();
        await ctx.poster.direct(payload.user.id, failureMessage(error, ctx.logger, 'The status change'));
      }
    }
  });
}
