import type { RequestDetails, StatusChange } from '../../domain/request.js';
import { LIMITS, capBlocks, context, divider, escapeMrkdwn, header, plainText, section, slackDate, userMention, type Block } from './blockKit.js';

export function historyLine(change: StatusChange): string {
  const transition = change.fromStatus ? `${escapeMrkdwn(change.fromStatus)} → *${escapeMrkdwn(change.toStatus)}*` : `*${escapeMrkdwn(change.toStatus)}*`;
  const comment = change.comment ? `\n> ${escapeMrkdwn(change.comment).replace(/\n/g, '\n> ')}` : '';
  return `${slackDate(change.at)} · ${userMention(change.actorId)} · ${transition}${comment}`;
}

/** A request with its full history, as blocks (for an ephemeral reply or a modal). */
export function requestDetailsBlocks(details: RequestDetails, maxBlocks: number): Block[] {
  const { request, history } = details;
  const head: Block[] = [
    header(`#${request.id} ${request.title || request.folderName}`),
    section(
      [
        `*Requester:* ${userMention(request.requesterId)}   *Type:* ${escapeMrkdwn(request.type)}   *Status:* *${escapeMrkdwn(request.status)}*`,
        `*Folder:* \`${escapeMrkdwn(`${request.area}/${request.folderName}`)}\` (from \`${escapeMrkdwn(request.sourcePath)}\`)`,
      ].join('\n'),
    ),
    divider,
    context(`*History* (${history.length} change${history.length === 1 ? '' : 's'}, oldest first)`),
  ];
  const lines = history.map((change) => section(historyLine(change)));
  return capBlocks([...head, ...lines], maxBlocks, (hidden) => `${hidden} later change(s) not shown; use the CLI \`pidbot requests show ${request.id}\` for all.`);
}

export function requestDetailsModal(details: RequestDetails): Block {
  return {
    type: 'modal',
    title: plainText('Request details', LIMITS.modalTitle),
    close: plainText('Close'),
    blocks: requestDetailsBlocks(details, LIMITS.blocksPerModal),
  };
}
