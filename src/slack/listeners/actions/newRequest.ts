import type { App, BlockAction } from '@slack/bolt';
import { z } from 'zod';
import { failureMessage } from '../../failureMessage.js';
import { parsePayload } from '../../payloads.js';
import type { SlackContext } from '../../slackContext.js';
import { ACTION } from '../../views/actionIds.js';
import { openRequestModal } from '../views/requestSubmission.js';

const userTrigger = z.object({
  user: z.object({ id: z.string().regex(/^[UW][A-Z0-9]{2,}$/) }),
  trigger_id: z.string().min(1),
});

/** Opens the request form for whoever clicked (a Home button, a shortcut); a failure is told by DM. */
export async function openRequestFormFor(ctx: SlackContext, body: unknown): Promise<void> {
  let click: z.infer<typeof userTrigger>;
  try {
    click = parsePayload(userTrigger, body);
  } catch (error) {
    ctx.logger.warn('refused a malformed request-form trigger', { err: error });
    return;
  }
  await openRequestModal(ctx, click.user.id, click.trigger_id).catch((error: unknown) =>
    ctx.poster.direct(click.user.id, failureMessage(error, ctx.logger, 'Opening the request form')),
  );
}

/** App Home's "Request a permanent ID": the same modal as `/pid request`. */
export function register(app: App, ctx: SlackContext): void {
  app.action<BlockAction>(ACTION.newRequest, async ({ ack, body }) => {
    await ack();
    await openRequestFormFor(ctx, body);
  });
}
