import type { PidRequest } from '../../domain/request.js';
import type { StatusCode } from '../../domain/statusCodes.js';
import { FIELD, VIEW } from './actionIds.js';
import {
  type Block,
  context,
  escapeMrkdwn,
  LIMITS,
  plainText,
  requestFormModal,
  section,
  truncate,
} from './blockKit.js';

/** Status… : pick an existing code or type a new one (saved for reuse), with an optional comment. */
export function statusModal(request: PidRequest, codes: readonly StatusCode[]): Block {
  const choosable = codes.filter((c) => c.code !== 'Completion').slice(0, LIMITS.optionsPerSelect);
  const options = choosable.map((c) => ({
    text: plainText(c.code, LIMITS.optionText),
    value: truncate(c.code, 150),
    description: plainText(c.description, LIMITS.optionText),
  }));
  const current = options.find((o) => o.value === request.status);
  return requestFormModal({
    callbackId: VIEW.setStatus,
    requestId: request.id,
    title: 'Set status',
    submit: 'Save',
    blocks: [
      section(
        `*#${request.id} ${escapeMrkdwn(request.title || request.folderName)}*\nCurrent status: *${escapeMrkdwn(request.status)}*`,
      ),
      {
        type: 'input',
        block_id: FIELD.status,
        optional: true,
        label: plainText('Existing status'),
        element: {
          type: 'static_select',
          action_id: FIELD.status,
          options,
          ...(current && { initial_option: current }),
        },
      },
      {
        type: 'input',
        block_id: FIELD.newStatus,
        optional: true,
        label: plainText('…or a new status'),
        hint: plainText('A new code is saved and offered from then on.'),
        element: { type: 'plain_text_input', action_id: FIELD.newStatus, max_length: 40 },
      },
      {
        type: 'input',
        block_id: FIELD.comment,
        optional: true,
        label: plainText('Comment for the requester'),
        element: { type: 'plain_text_input', action_id: FIELD.comment, multiline: true, max_length: 2000 },
      },
      context('Completion is set by minting, not here.'),
    ],
  });
}
