import type { SlackViewMiddlewareArgs } from '@slack/bolt';
import { InvalidInput, type PidbotError } from '../../../domain/errors.js';
import { acknowledgedBeforeProcessing } from '../../inbox/triggerArrival.js';
import { UNREADABLE_FORM, type ViewSubmissionPayload } from '../../payloads.js';
import type { SlackContext } from '../../slackContext.js';
import type { SlackMessage } from '../../views/requestMessage.js';
import { checkRequestForm } from './formChecks.js';

type Ack = SlackViewMiddlewareArgs['ack'];

/**
 * Reads a submitted request modal (its payload and the request it is for) and
 * runs its pure check (formChecks.ts). A form that fails is answered at once
 * with the errors, so Slack is acknowledged and nothing changes; the caller
 * then gets undefined.
 */
export async function readRequestForm(
  ctx: SlackContext,
  ack: Ack,
  body: unknown,
  callbackId: string,
): Promise<{ payload: ViewSubmissionPayload; requestId: number } | undefined> {
  const form = checkRequestForm(callbackId, body);
  if (form.ok) return form;
  if (Object.values(form.errors).includes(UNREADABLE_FORM))
    ctx.logger.warn('refused an unreadable form', { callbackId });
  await ack({ response_action: 'errors', errors: form.errors });
  return undefined;
}

/**
 * Refuses a form the database turned down (not a curator, no such status…):
 * inside the ack, keeping the modal open, while Slack still waits for it; by DM
 * when the submission was acknowledged before it was processed (from the inbox).
 */
export async function refuseForm(
  ctx: SlackContext,
  args: { ack: Ack; context: Record<string, unknown>; userId: string },
  errors: Record<string, string>,
  dm: () => SlackMessage,
): Promise<void> {
  if (acknowledgedBeforeProcessing(args.context)) await ctx.poster.direct(args.userId, dm());
  else await args.ack({ response_action: 'errors', errors });
}

/** A refusal as a modal field's error: plain text, the problems themselves or the refusal's message, within Slack's 2,000 characters. */
export function modalErrorText(error: PidbotError): string {
  const text = error instanceof InvalidInput ? error.problems.map((p) => p.description).join('\n') : error.message;
  return text.slice(0, 2000);
}
