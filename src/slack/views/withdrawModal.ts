import type { PidRequest } from '../../domain/request.js';
import { FIELD, VIEW } from './actionIds.js';
import { LIMITS, escapeMrkdwn, plainText, section, type Block } from './blockKit.js';
import type { ModalMetadata } from './statusModal.js';

/** Withdraw…: public → unavailable, with the reason the tombstone page will show. */
export function withdrawModal(request: PidRequest, doi: string): Block {
  const metadata: ModalMetadata = { requestId: request.id };
  return {
    type: 'modal',
    callback_id: VIEW.withdraw,
    private_metadata: JSON.stringify(metadata),
    title: plainText('Withdraw identifier', LIMITS.modalTitle),
    submit: plainText('Withdraw'),
    close: plainText('Cancel'),
    blocks: [
      section(`*${escapeMrkdwn(doi)}* (#${request.id} ${escapeMrkdwn(request.title || request.folderName)}) becomes *unavailable*. The DOI keeps resolving to a tombstone page that shows the reason.`),
      {
        type: 'input',
        block_id: FIELD.reason,
        label: plainText('Reason (shown on the tombstone page)'),
        element: { type: 'plain_text_input', action_id: FIELD.reason, multiline: true, max_length: 500 },
      },
    ],
  };
}
