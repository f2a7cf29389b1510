import type { PidRequest, RequestType } from '../../domain/request.js';
import type { StatusCode } from '../../domain/statusCodes.js';
import { helpText } from '../commandTable.js';
import { type Block, capBlocks, context, escapeMrkdwn, LIMITS, section, userMention } from './blockKit.js';
import { assigneeText } from './requestMessage.js';

export interface Reply {
  text: string;
  blocks?: Block[];
}

/** `/pid help`: rendered from the one subcommand table. */
export const HELP_TEXT = helpText();

export function helpReply(): Reply {
  return { text: HELP_TEXT };
}

export function usageReply(problem: string): Reply {
  return { text: `${escapeMrkdwn(problem)}\n\n${HELP_TEXT}` };
}

export function requestListReply(
  requests: readonly PidRequest[],
  scope: 'all' | 'own',
  more: boolean,
  /** `assigned`: the list is the asker's assignments (`/pid list mine`). */
  listing: 'requests' | 'assigned' = 'requests',
): Reply {
  if (requests.length === 0) {
    if (listing === 'assigned') return { text: 'No requests are assigned to you.' };
    return { text: scope === 'own' ? 'You have no requests matching that.' : 'No requests match that.' };
  }
  const lines = requestLines(requests, scope);
  const footer = more
    ? [context('More requests exist: use `pidbot requests list` for the rest, or filter by status.')]
    : [];
  return {
    text: `${requests.length} request(s)`,
    blocks: capBlocks([...lines, ...footer], LIMITS.blocksPerMessage, (n) => `${n} more not shown.`),
  };
}

function requestLines(requests: readonly PidRequest[], scope: 'all' | 'own'): Block[] {
  return requests.map((r) =>
    section(
      `*#${r.id}* ${escapeMrkdwn(r.title || r.folderName)} · ${escapeMrkdwn(r.type)} · *${escapeMrkdwn(r.status)}*${scope === 'all' ? ` · ${userMention(r.requesterId)} · Assignee: ${assigneeText(r)}` : ''}`,
    ),
  );
}

/** `/pid find`'s answer: the requests found, newest first, and whether more matched. */
export function foundRequestsReply(found: {
  items: readonly PidRequest[];
  more: boolean;
  scope: 'all' | 'own';
}): Reply {
  if (found.items.length === 0)
    return { text: found.scope === 'own' ? 'None of your requests matches that.' : 'No request matches that.' };
  const footer = found.more ? [context('More requests match: add words to narrow the search.')] : [];
  return {
    text: `${found.items.length}${found.more ? '+' : ''} request(s) found`,
    blocks: capBlocks(
      [...requestLines(found.items, found.scope), ...footer],
      LIMITS.blocksPerMessage,
      (n) => `${n} more not shown.`,
    ),
  };
}

export function statusCodesReply(codes: readonly StatusCode[]): Reply {
  return {
    text: codes
      .map(
        (c) =>
          `• *${escapeMrkdwn(c.code)}* — ${escapeMrkdwn(c.description)}${c.builtin ? '' : ' _(added by a curator)_'}`,
      )
      .join('\n'),
  };
}

export function requestTypesReply(types: readonly RequestType[]): Reply {
  return { text: types.map((t) => `• *${escapeMrkdwn(t.name)}* — ${escapeMrkdwn(t.description)}`).join('\n') };
}
