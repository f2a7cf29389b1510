import type { PidRequest } from '../../domain/request.js';
import type { RequestCard } from '../../services/requests/requestCard.js';
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
} from './blockKit.js';
import { assigneeText, requestMessage } from './requestMessage.js';

/** One request in a list; the curator looking after it is named for the requester and the queue alike. */
function requestLine(request: PidRequest): string {
  return `*#${request.id}* ${escapeMrkdwn(request.title || request.folderName)} · ${escapeMrkdwn(request.type)} · *${escapeMrkdwn(request.status)}* · Assignee: ${assigneeText(request)}`;
}

/** A requester's Home tab: their own requests and where each stands. */
export function requesterHome(requests: readonly PidRequest[]): Block {
  const blocks: Block[] = [
    header('Your permanent-ID requests'),
    context('Type `/pid request` to ask for a DOI or ARK for a folder.'),
    {
      type: 'actions',
      block_id: 'describe_folder',
      elements: [
        {
          type: 'button',
          action_id: ACTION.describeFromHome,
          text: plainText('Describe a folder…', LIMITS.buttonText),
        },
      ],
    },
  ];
  if (requests.length === 0) blocks.push(section('_You have no requests yet._'));
  blocks.push(...requests.map((r) => section(requestLine(r))));
  return {
    type: 'home',
    blocks: capBlocks(
      blocks,
      LIMITS.blocksPerHome,
      (n) => `${n} older request(s) not shown; \`/pid list\` pages through all.`,
    ),
  };
}

/** A curator's Home tab: the open queue grouped by status, each with the same buttons as in the channel. */
export function curatorHome(queue: readonly RequestCard[]): Block {
  const blocks: Block[] = [header('Permanent-ID review queue')];
  if (queue.length === 0) blocks.push(section('_Nothing waiting for review._'));
  const byStatus = new Map<string, RequestCard[]>();
  for (const card of queue) byStatus.set(card.request.status, [...(byStatus.get(card.request.status) ?? []), card]);
  for (const [status, cards] of byStatus) {
    blocks.push(divider, section(`*${escapeMrkdwn(status)}* (${cards.length})`));
    for (const card of cards) {
      const message = requestMessage(card);
      // The header and summary stay in the channel; here one line and the buttons are enough.
      blocks.push(section(requestLine(card.request)), ...message.blocks.filter((b) => b.type === 'actions'));
    }
  }
  return {
    type: 'home',
    blocks: capBlocks(
      blocks,
      LIMITS.blocksPerHome,
      (n) => `${n} more block(s) of the queue not shown; \`/pid list\` pages through all.`,
    ),
  };
}
