import type { SlackViewMiddlewareArgs } from '@slack/bolt';
import {
  modalRequestId,
  parsePayload,
  UNREADABLE_FORM,
  type ViewSubmissionPayload,
  viewSubmissionPayload,
} from '../../payloads.js';
import type { SlackContext } from '../../slackContext.js';

type Ack = SlackViewMiddlewareArgs['ack'];

/**
 * Reads a submitted request modal (its payload and the request it is for). A
 * form pidbot cannot read is answered at once with an error under `field`, so
 * Slack is acknowledged and nothing changes; the caller then gets undefined.
 */
export async function readRequestForm(
  ctx: SlackContext,
  ack: Ack,
  body: unknown,
  field: string,
): Promise<{ payload: ViewSubmissionPayload; requestId: number } | undefined> {
  try {
    const payload = parsePayload(viewSubmissionPayload, body);
    return { payload, requestId: modalRequestId(payload.view.private_metadata) };
  } catch (error) {
    ctx.logger.warn('refused an unreadable form', { field, err: error });
    await ack({ response_action: 'errors', errors: { [field]: UNREADABLE_FORM } });
    return undefined;
  }
}
