import { checkRequestForm, hasFormCheck } from '../listeners/views/formChecks.js';

/**
 * Where an incoming body goes: `inbox` — acknowledged empty and processed from
 * the inbox; `answer` — a form that failed its pure check, answered inside the
 * ack with its errors and never persisted (nothing changes); `ack path` —
 * handled where it arrives, because its ack may carry an answer only I/O can
 * give (options, the request and Describe forms, anything not known here).
 */
export type InboxRoute =
  | { to: 'inbox' }
  | { to: 'answer'; response: { response_action: 'errors'; errors: Record<string, string> } }
  | { to: 'ack path' };

const INBOX: InboxRoute = { to: 'inbox' };
const ACK_PATH: InboxRoute = { to: 'ack path' };

/** Decides an incoming body's route without I/O (see InboxRoute). */
export function inboxRoute(body: Record<string, unknown>): InboxRoute {
  if (typeof body.command === 'string') return INBOX;
  switch (body.type) {
    case 'block_actions':
    case 'event_callback':
    case 'view_closed':
      return INBOX;
    case 'view_submission': {
      const view = body.view as { callback_id?: unknown } | undefined;
      const callbackId = view?.callback_id;
      if (typeof callbackId !== 'string' || !hasFormCheck(callbackId)) return ACK_PATH;
      const form = checkRequestForm(callbackId, body);
      return form.ok ? INBOX : { to: 'answer', response: { response_action: 'errors', errors: form.errors } };
    }
    default:
      return ACK_PATH;
  }
}
