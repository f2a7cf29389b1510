import type { RequestDetails, StatusChange } from '../../domain/request.js';
import type { LiveRegistrarState } from '../../services/identifiers/registrarState.js';
import { ACTION } from './actionIds.js';
import {
  type Block,
  capBlocks,
  context,
  divider,
  escapeMrkdwn,
  header,
  LIMITS,
  plainText,
  section,
  slackDate,
  userMention,
} from './blockKit.js';
import { registrarStateLine } from './identifierReplies.js';
import { assigneeText, button } from './requestMessage.js';

export function historyLine(change: StatusChange): string {
  const transition =
    change.assigneeId !== undefined
      ? `assigned to ${userMention(change.assigneeId)} (still *${escapeMrkdwn(change.toStatus)}*)`
      : change.fromStatus
        ? `${escapeMrkdwn(change.fromStatus)} → *${escapeMrkdwn(change.toStatus)}*`
        : `*${escapeMrkdwn(change.toStatus)}*`;
  const comment = change.comment ? `\n> ${escapeMrkdwn(change.comment).replace(/\n/g, '\n> ')}` : '';
  const via = change.via ? ` (via ${escapeMrkdwn(change.via)})` : '';
  return `${slackDate(change.at)} · ${userMention(change.actorId)}${via} · ${transition}${comment}`;
}

/** A request with its full history, as blocks (for an ephemeral reply or a modal). */
export function requestDetailsBlocks(
  details: RequestDetails & { registrar?: LiveRegistrarState },
  maxBlocks: number,
): Block[] {
  const { request, history, registrar } = details;
  const live =
    registrar === undefined
      ? []
      : [
          context(
            registrar.ok
              ? registrarStateLine(registrar.state)
              : `:warning: The registrar could not be asked: ${escapeMrkdwn(registrar.error)}`,
          ),
        ];
  const head: Block[] = [
    header(`#${request.id} ${request.title || request.folderName}`),
    section(
      [
        `*Requester:* ${userMention(request.requesterId)}   *Type:* ${escapeMrkdwn(request.type)}   *Status:* *${escapeMrkdwn(request.status)}*   *Assignee:* ${assigneeText(request)}`,
        `*Folder:* \`${escapeMrkdwn(`${request.area}/${request.folderName}`)}\` (from \`${escapeMrkdwn(request.sourcePath)}\`)`,
      ].join('\n'),
    ),
    ...live,
    divider,
    context(`*History* (${history.length} change${history.length === 1 ? '' : 's'}, oldest first)`),
  ];
  const lines = history.map((change) => section(historyLine(change)));
  return capBlocks(
    [...head, ...lines],
    maxBlocks,
    (hidden) => `${hidden} later change(s) not shown; use the CLI \`pidbot requests show ${request.id}\` for all.`,
  );
}

/** Preview, under `/pid show`'s answer: the modal with the folder's whole metadata. */
export function previewButton(requestId: number): Block {
  return { type: 'actions', elements: [button('Preview', ACTION.preview, requestId)] };
}

export function requestDetailsModal(details: RequestDetails & { registrar?: LiveRegistrarState }): Block {
  return {
    type: 'modal',
    title: plainText('Request details', LIMITS.modalTitle),
    close: plainText('Close'),
    blocks: requestDetailsBlocks(details, LIMITS.blocksPerModal),
  };
}
