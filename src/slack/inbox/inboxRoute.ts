import { VIEW } from '../views/actionIds.js';

/**
 * View submissions whose ack carries nothing: they can be answered at once and
 * processed from the inbox. Every other submission may answer inside its ack
 * (`response_action: errors` from request_submit, request_set_status,
 * request_assign), so it stays on the ack path, as does any new one until it is
 * listed here.
 */
const SUBMISSIONS_ACKED_EMPTY = new Set<string>([VIEW.withdraw]);

/**
 * Whether an incoming body is acknowledged empty and processed from the inbox
 * (true), or handled on the ack path because its ack may carry an answer
 * (options, validated view submissions, anything not known here).
 */
export function goesThroughInbox(body: Record<string, unknown>): boolean {
  if (typeof body.command === 'string') return true;
  switch (body.type) {
    case 'block_actions':
    case 'event_callback':
    case 'view_closed':
      return true;
    case 'view_submission': {
      const view = body.view as { callback_id?: unknown } | undefined;
      return typeof view?.callback_id === 'string' && SUBMISSIONS_ACKED_EMPTY.has(view.callback_id);
    }
    default:
      return false;
  }
}
