import type { PidRequest } from '../../domain/request.js';
import { FIELD, VIEW } from './actionIds.js';
import { escapeMrkdwn, plainText, requestFormModal, section, type Block } from './blockKit.js';

/** Withdraw…: public → unavailable, with the reason the tombstone page will show. */
export function withdrawModal(request: PidRequest, doi: string): Block {
  return requestFormModal({
    callbackId: VIEW.withdraw,
    requestId: request.id,
    title: 'Withdraw identifier',
    submit: 'Withdraw',
    blocks: [
      section(`*${escapeMrkdwn(doi)}* (#${request.id} ${escapeMrkdwn(request.title || request.folderName)}) becomes *unavailable*. The DOI keeps resolving to a tombstone page that shows the reason.`),
      {
        type: 'input',
        block_id: FIELD.reason,
        label: plainText('Reason (shown on the tombstone page)'),
        element: { type: 'plain_text_input', action_id: FIELD.reason, multiline: true, max_length: 500 },
      },
    ],
  });
}
