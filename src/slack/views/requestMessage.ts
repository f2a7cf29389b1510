import { reasonText } from '../../domain/identifier.js';
import { isClosed, isCompleted, type PidRequest } from '../../domain/request.js';
import { mayTake, type WorkflowRole } from '../../domain/requestWorkflow.js';
import { STATUS } from '../../domain/statusCodes.js';
import type { RequestCard } from '../../services/requests/requestCard.js';
import { ACTION } from './actionIds.js';
import {
  type Block,
  context,
  escapeMrkdwn,
  header,
  LIMITS,
  mrkdwn,
  mrkdwnLink,
  plainText,
  slackDate,
  truncate,
  userMention,
} from './blockKit.js';

export interface SlackMessage {
  /** Notification and screen-reader fallback. */
  text: string;
  blocks: Block[];
}

/** A message that is only text (thread lines, DMs), cut to Slack's limit. */
export function textMessage(text: string): SlackMessage {
  return { text: truncate(text, LIMITS.textObject), blocks: [] };
}

export function requestHeadline(card: Pick<RequestCard, 'request'>): string {
  return `#${card.request.id} ${card.request.title || card.request.folderName}`;
}

function summaryText(card: RequestCard): string {
  const s = card.summary;
  if (!s) return '_Metadata could not be read from the folder right now._';
  const creators =
    s.creators.length > 3
      ? `${s.creators.slice(0, 3).join('; ')} and ${s.creators.length - 3} more`
      : s.creators.join('; ');
  return [
    `*Creators:* ${escapeMrkdwn(creators)}`,
    `*Publisher:* ${escapeMrkdwn(s.publisher)} (${escapeMrkdwn(s.publicationYear)})`,
    `*Resource type:* ${escapeMrkdwn(s.resourceTypeGeneral)}`,
  ].join('\n');
}

export function button(text: string, actionId: string, requestId: number, style?: 'primary' | 'danger'): Block {
  return {
    type: 'button',
    text: plainText(text, 75),
    action_id: actionId,
    value: String(requestId),
    ...(style && { style }),
  };
}

/** With two-person minting on, who may not mint (or that an approval must come first); undefined when the rule is off. */
function twoPersonMintNote(card: Pick<RequestCard, 'twoPersonMint'>): string | undefined {
  if (!card.twoPersonMint) return undefined;
  const { approverId } = card.twoPersonMint;
  return approverId === null
    ? 'Two-person minting: one curator approves, then a different curator mints.'
    : `Two-person minting: approved by ${userMention(approverId)}, so another curator must mint.`;
}

function mintButton(card: RequestCard, label: string): Block {
  const { request } = card;
  const rule = twoPersonMintNote(card);
  return {
    ...button(label, ACTION.mint, request.id, request.status === STATUS.approved ? 'primary' : undefined),
    confirm: {
      title: plainText('Mint the identifier?'),
      text: mrkdwn(
        truncate(
          // The rule first: a long headline may be cut, the rule never.
          `${rule ? `${rule}\n` : ''}This registers a ${escapeMrkdwn(request.type)} for *${escapeMrkdwn(requestHeadline(card))}* and moves its folder to curated. It cannot be undone.`,
          300,
        ),
      ),
      confirm: plainText('Mint'),
      deny: plainText('Cancel'),
    },
  };
}

const CURATOR: ReadonlySet<WorkflowRole> = new Set(['curator']);

/** The requester's buttons under a DM about their request: Resubmit when changes were asked for, Cancel while open. */
export function requesterButtons(request: PidRequest): Block[] {
  const requester: ReadonlySet<WorkflowRole> = new Set(['requester']);
  const buttons: Block[] = [];
  if (mayTake(request, 'resubmit', requester)) buttons.push(button('Resubmit', ACTION.resubmit, request.id, 'primary'));
  if (mayTake(request, 'cancel', requester)) buttons.push(button('Cancel request…', ACTION.openCancel, request.id));
  return buttons.length > 0 ? [{ type: 'actions', elements: buttons }] : [];
}

/** The curator looking after the request, as mrkdwn. */
export function assigneeText(request: Pick<PidRequest, 'assigneeId'>): string {
  return request.assigneeId ? userMention(request.assigneeId) : '_Unassigned_';
}

/** The buttons that make sense in the request's current state, so a curator never sees a dead end. */
function actionButtons(card: RequestCard): Block[] {
  const { request, identifier } = card;
  const details = button('Details', ACTION.details, request.id);
  if (isClosed(request) && !isCompleted(request)) return [details];
  if (isCompleted(request)) {
    const manage =
      identifier?.state === 'findable' ? [button('Withdraw…', ACTION.openWithdraw, request.id, 'danger')] : [];
    return [button('Verify', ACTION.verify, request.id), ...manage, details];
  }
  const buttons: Block[] = [];
  if (request.status !== STATUS.approved) buttons.push(button('Approve', ACTION.approve, request.id, 'primary'));
  buttons.push(button('Status…', ACTION.openStatus, request.id));
  buttons.push(button('Assign to me', ACTION.assignToMe, request.id));
  buttons.push(button(request.assigneeId ? 'Reassign…' : 'Assign…', ACTION.openAssign, request.id));
  // A mint that stopped part-way keeps its draft identifier: minting again resumes it.
  buttons.push(mintButton(card, identifier ? 'Resume mint' : 'Mint'));
  if (identifier?.state === 'draft') buttons.push(button('Delete DOI', ACTION.delete, request.id, 'danger'));
  // Sending back and declining end with the requester; once a mint has begun they are refused, so not offered.
  if (!identifier && mayTake(request, 'request_changes', CURATOR))
    buttons.push(button('Request changes…', ACTION.openRequestChanges, request.id));
  if (!identifier) buttons.push(button('Decline…', ACTION.openDecline, request.id, 'danger'));
  buttons.push(button('Preview', ACTION.preview, request.id), details);
  return buttons;
}

/** The request's message in the curation channel; re-rendered and updated in place at every change. */
export function requestMessage(card: RequestCard): SlackMessage {
  const { request } = card;
  const fields = [
    `*Requester*\n${userMention(request.requesterId)}`,
    `*Type*\n${escapeMrkdwn(request.type)}`,
    `*Folder*\n\`${escapeMrkdwn(`${request.area}/${request.folderName}`)}\``,
    `*Status*\n*${escapeMrkdwn(request.status)}*`,
    `*Assignee*\n${assigneeText(request)}`,
  ].map((t) => mrkdwn(t, 2000));
  const blocks: Block[] = [
    header(requestHeadline(card)),
    { type: 'section', fields },
    { type: 'section', text: mrkdwn(summaryText(card)) },
  ];
  if (card.identifier) {
    blocks.push({
      type: 'section',
      text: mrkdwn(
        `*Identifier:* ${mrkdwnLink(card.identifier.url, card.identifier.shown)} (${escapeMrkdwn(card.identifier.state)})` +
          (card.identifier.shown === card.identifier.doi ? '' : ` · DOI ${escapeMrkdwn(card.identifier.doi)}`) +
          (card.identifier.state === 'unavailable'
            ? `\n*Reason:* ${escapeMrkdwn(reasonText(card.identifier.stateReason))}`
            : ''),
      ),
    });
  }
  const rule = twoPersonMintNote(card);
  if (rule) blocks.push(context(rule));
  blocks.push({ type: 'actions', elements: actionButtons(card) });
  blocks.push(context(`Submitted ${slackDate(request.createdAt)} · updated ${slackDate(request.updatedAt)}`));
  // The fallback text is read as mrkdwn in notifications, so it is escaped like any block text.
  return { text: truncate(escapeMrkdwn(`Request ${requestHeadline(card)}: ${request.status}`), 3000), blocks };
}
