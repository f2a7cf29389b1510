import type { PidRequest } from '../../domain/request.js';
import { FIELD, VIEW } from './actionIds.js';
import { type Block, context, escapeMrkdwn, plainText, requestFormModal, section } from './blockKit.js';
import { assigneeText } from './requestMessage.js';

/** Assign… / Reassign…: pick the curator who looks after the request (Slack's user picker; pidbot refuses non-curators). */
export function assignModal(request: PidRequest): Block {
  return requestFormModal({
    callbackId: VIEW.assign,
    requestId: request.id,
    title: request.assigneeId ? 'Reassign request' : 'Assign request',
    submit: 'Assign',
    blocks: [
      section(
        `*#${request.id} ${escapeMrkdwn(request.title || request.folderName)}*\nAssignee now: ${assigneeText(request)}`,
      ),
      {
        type: 'input',
        block_id: FIELD.assignee,
        label: plainText('Curator'),
        element: {
          type: 'users_select',
          action_id: FIELD.assignee,
          ...(request.assigneeId && { initial_user: request.assigneeId }),
        },
      },
      context('Only a curator can be picked; they are told by DM.'),
    ],
  });
}
