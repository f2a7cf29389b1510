import type { PidRequest } from '../../domain/request.js';
import { FIELD, VIEW } from './actionIds.js';
import { type Block, escapeMrkdwn, plainText, requestFormModal, section } from './blockKit.js';

export type ReasonAction = 'request_changes' | 'decline' | 'cancel';

const FORMS: Record<
  ReasonAction,
  { callbackId: string; title: string; submit: string; label: string; optional: boolean; explain: string }
> = {
  request_changes: {
    callbackId: VIEW.requestChanges,
    title: 'Request changes',
    submit: 'Send to requester',
    label: 'What must change (sent to the requester)',
    optional: false,
    explain:
      'The folder stays in staging, where the requester can write. They get your reason and a Resubmit button; the folder is checked again when they resubmit.',
  },
  decline: {
    callbackId: VIEW.decline,
    title: 'Decline request',
    submit: 'Decline',
    label: 'Why it is declined (sent to the requester)',
    optional: false,
    explain: "Declining is final: the request closes and its folder goes back to the requester's home, as it is now.",
  },
  cancel: {
    callbackId: VIEW.cancel,
    title: 'Cancel request',
    submit: 'Cancel request',
    label: 'Why (optional; shown to the curators)',
    optional: true,
    explain: 'The request closes and the folder goes back to your home, as it is now.',
  },
};

/** The reason (and confirmation) for sending back, declining or cancelling a request. */
export function workflowReasonModal(request: PidRequest, action: ReasonAction): Block {
  const form = FORMS[action];
  return requestFormModal({
    callbackId: form.callbackId,
    requestId: request.id,
    title: form.title,
    submit: form.submit,
    blocks: [
      section(`*#${request.id} ${escapeMrkdwn(request.title || request.folderName)}*\n${form.explain}`),
      {
        type: 'input',
        block_id: FIELD.reason,
        label: plainText(form.label),
        optional: form.optional,
        element: { type: 'plain_text_input', action_id: FIELD.reason, multiline: true, max_length: 2000 },
      },
    ],
  });
}
