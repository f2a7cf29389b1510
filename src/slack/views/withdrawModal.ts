import type { PidRequest } from '../../domain/request.js';
import { FIELD, VIEW } from './actionIds.js';
import { type Block, escapeMrkdwn, plainText, requestFormModal, section } from './blockKit.js';

/** Withdraw…: findable → withdrawn, with the reason the tombstone page will show (optional, as the PURL document has it). */
export function withdrawModal(request: PidRequest, doi: string): Block {
  return requestFormModal({
    callbackId: VIEW.withdraw,
    requestId: request.id,
    title: 'Withdraw identifier',
    submit: 'Withdraw',
    blocks: [
      section(
        `*${escapeMrkdwn(doi)}* (#${request.id} ${escapeMrkdwn(request.title || request.folderName)}) is withdrawn. It keeps resolving to a tombstone page that shows the reason, or "no reason given".`,
      ),
      {
        type: 'input',
        block_id: FIELD.reason,
        label: plainText('Reason (shown on the tombstone page)'),
        optional: true,
        element: { type: 'plain_text_input', action_id: FIELD.reason, multiline: true, max_length: 500 },
      },
    ],
  });
}
