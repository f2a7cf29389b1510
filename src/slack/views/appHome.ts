import type { PidRequest } from '../../domain/request.js';
import { ageInDays } from '../../domain/requestWaiting.js';
import { type WaitsOn, waitsOn } from '../../domain/requestWorkflow.js';
import type { HomeTab } from '../../services/requests/homeTab.js';
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
  truncate,
  userMention,
} from './blockKit.js';
import { assigneeText, requestMessage } from './requestMessage.js';

/** One request in a list; the curator looking after it is named for the requester and the queue alike. */
function requestLine(request: PidRequest): string {
  return `*#${request.id}* ${escapeMrkdwn(request.title || request.folderName)} · ${escapeMrkdwn(request.type)} · *${escapeMrkdwn(request.status)}* · Assignee: ${assigneeText(request)}`;
}

const WAITING_ON: Record<WaitsOn, string> = {
  curators: 'waits on curators',
  requester: 'waits on the requester',
  nobody: 'done',
};

function queueLine(request: PidRequest, now: Date): string {
  const age = ageInDays(request, now);
  return `${requestLine(request)}\n${userMention(request.requesterId)} · ${age === 0 ? 'today' : `${age} day(s) old`} · ${WAITING_ON[waitsOn(request)]}`;
}

function button(text: string, actionId: string, value: string, style?: 'primary'): Block {
  return {
    type: 'button',
    text: plainText(text, LIMITS.buttonText),
    action_id: actionId,
    value,
    ...(style && { style }),
  };
}

function option(text: string, value: string): Block {
  return { text: plainText(text, LIMITS.optionText), value: truncate(value, 150) };
}

const ANY = '*';

/** A select whose first option clears the filter; the current choice is shown selected. */
function filterSelect(actionId: string, placeholder: string, values: readonly string[], current?: string): Block {
  const options = [option(`Any ${placeholder}`, ANY), ...values.map((v) => option(v, v))].slice(
    0,
    LIMITS.optionsPerSelect,
  );
  const selected = options.find((o) => o.value === current);
  return {
    type: 'static_select',
    action_id: actionId,
    placeholder: plainText(placeholder),
    options,
    ...(selected && { initial_option: selected }),
  };
}

/** The value a filter select sends when the curator chose "Any …". */
export const ANY_OPTION = ANY;

/** A requester's Home tab: a button to ask for an identifier, then their own requests and where each stands. */
export function requesterHome(tab: Extract<HomeTab, { kind: 'requester' }>): Block {
  const blocks: Block[] = [
    header('Your permanent-ID requests'),
    { type: 'actions', elements: [button('Request a permanent ID', ACTION.newRequest, 'new', 'primary')] },
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
  if (tab.requests.length === 0) blocks.push(section('_You have no requests yet._'));
  blocks.push(...tab.requests.map((r) => section(`${requestLine(r)} · ${WAITING_ON[waitsOn(r)]}`)));
  return {
    type: 'home',
    blocks: capBlocks(
      blocks,
      LIMITS.blocksPerHome,
      (n) => `${n} older request(s) not shown; \`/pid list\` pages through all.`,
    ),
  };
}

/**
 * A curator's Home tab: every open request, oldest first, a page at a time,
 * each with its age, whom it waits on and the channel card's buttons; filters
 * (status, type, requester, mine) and paging are Home actions.
 */
export function curatorHome(tab: Extract<HomeTab, { kind: 'curator' }>): Block {
  const { filter, offset, total, pageSize } = tab;
  const requesterPicker: Block = {
    type: 'users_select',
    action_id: ACTION.homeRequester,
    placeholder: plainText('Requester'),
    ...(filter.requesterId && { initial_user: filter.requesterId }),
  };
  const blocks: Block[] = [
    header('Permanent-ID review queue'),
    {
      type: 'actions',
      elements: [
        filterSelect(
          ACTION.homeStatus,
          'status',
          tab.statuses.map((s) => s.code),
          filter.status,
        ),
        filterSelect(
          ACTION.homeType,
          'type',
          tab.types.map((t) => t.name),
          filter.type,
        ),
        requesterPicker,
        button(filter.mine ? 'Everyone’s' : 'Mine', ACTION.homeMine, filter.mine ? 'all' : 'mine'),
        button('Clear filters', ACTION.homeReset, 'reset'),
      ],
    },
  ];
  const shownTo = Math.min(offset + tab.cards.length, total);
  blocks.push(
    context(
      total === 0
        ? 'No open requests match.'
        : `Open requests ${offset + 1}–${shownTo} of ${total}, oldest first${describeFilter(filter)}.`,
    ),
  );
  if (total === 0) blocks.push(section('_Nothing waiting for review._'));
  for (const card of tab.cards) {
    const message = requestMessage(card);
    // The header and summary stay in the channel; here one line and the buttons are enough.
    blocks.push(section(queueLine(card.request, tab.now)), ...message.blocks.filter((b) => b.type === 'actions'));
  }
  const paging: Block[] = [];
  if (offset > 0) paging.push(button('◀ Previous', ACTION.homePage, String(Math.max(0, offset - pageSize))));
  if (shownTo < total) paging.push(button('Next ▶', ACTION.homePage, String(offset + pageSize)));
  if (paging.length > 0) blocks.push(divider, { type: 'actions', elements: paging });
  return {
    type: 'home',
    blocks: capBlocks(blocks, LIMITS.blocksPerHome, (n) => `${n} more block(s) not shown; use Next ▶.`),
  };
}

function describeFilter(filter: Extract<HomeTab, { kind: 'curator' }>['filter']): string {
  const parts = [
    filter.status && `status *${escapeMrkdwn(filter.status)}*`,
    filter.type && `type *${escapeMrkdwn(filter.type)}*`,
    filter.requesterId && `requested by ${userMention(filter.requesterId)}`,
    filter.mine && 'assigned to you',
  ].filter(Boolean);
  return parts.length > 0 ? ` · ${parts.join(' · ')}` : '';
}

/** Either Home tab, as the service loaded it. */
export function homeView(tab: HomeTab): Block {
  return tab.kind === 'curator' ? curatorHome(tab) : requesterHome(tab);
}
