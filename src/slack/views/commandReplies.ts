import type { PidRequest, RequestType } from '../../domain/request.js';
import type { StatusCode } from '../../domain/statusCodes.js';
import { type Block, capBlocks, context, escapeMrkdwn, LIMITS, section, userMention } from './blockKit.js';
import { assigneeText } from './requestMessage.js';

export interface Reply {
  text: string;
  blocks?: Block[];
}

export const HELP_TEXT = [
  '*pidbot* — permanent identifiers for your data folders',
  '`/pid request` — ask for a DOI or ARK for a folder in your home',
  '`/pid describe <folder>` — describe a folder in a form; pidbot writes its datacite.json',
  '`/pid list [status]` — your requests (curators: all requests) · `/pid list mine` — requests assigned to you',
  '`/pid show <id>` — one request with its history',
  '`/pid codes` — status codes · `/pid types` — request types',
  '*Curators:* `/pid status <id> <code> [comment]` (quote codes with spaces: `"Needs changes"`) · `/pid mint <id>` · `/pid verify <id>` · `/pid state <id>` (at the registrar now)',
  '`/pid update <id>` (push corrected metadata) · `/pid metadata <id>` (repository vs registrar) · `/pid withdraw <id> <reason>` · `/pid delete <id>` (reserved only) · `/pid health` · `/pid sweep`',
].join('\n');

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
  const lines = requests.map((r) =>
    section(
      `*#${r.id}* ${escapeMrkdwn(r.title || r.folderName)} · ${escapeMrkdwn(r.type)} · *${escapeMrkdwn(r.status)}*${scope === 'all' ? ` · ${userMention(r.requesterId)} · Assignee: ${assigneeText(r)}` : ''}`,
    ),
  );
  const footer = more
    ? [context('More requests exist: use `pidbot requests list` for the rest, or filter by status.')]
    : [];
  return {
    text: `${requests.length} request(s)`,
    blocks: capBlocks([...lines, ...footer], LIMITS.blocksPerMessage, (n) => `${n} more not shown.`),
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
