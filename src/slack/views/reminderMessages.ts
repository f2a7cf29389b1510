import type { RemindersDue } from '../../domain/events.js';
import type { PidRequest } from '../../domain/request.js';
import { daysWaiting } from '../../domain/requestWaiting.js';
import type { ReminderOutcome } from '../../services/requests/sendReminders.js';
import { type Block, capBlocks, context, escapeMrkdwn, LIMITS, section, userMention } from './blockKit.js';
import { assigneeText, type SlackMessage } from './requestMessage.js';

function reminderLine(request: PidRequest, now: Date): string {
  return `• *#${request.id}* ${escapeMrkdwn(request.title || request.folderName)} · *${escapeMrkdwn(request.status)}* · waiting ${daysWaiting(request, now)} day(s) · requested by ${userMention(request.requesterId)} · Assignee: ${assigneeText(request)}`;
}

/** Lines grouped into sections of at most ~2,900 characters, so no request is cut in half. */
function listSections(lines: string[]): Block[] {
  const sections: Block[] = [];
  let current = '';
  for (const line of lines) {
    if (current.length + line.length + 1 > LIMITS.textObject - 100) {
      sections.push(section(current));
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) sections.push(section(current));
  return sections;
}

/** The curators' digest: requests waiting on them longer than REMIND_AFTER_DAYS, oldest first. */
export function curatorDigest(event: RemindersDue, now: Date): SlackMessage {
  const text = `:alarm_clock: ${event.digestTotal} request(s) have waited on the curators for more than ${event.afterDays} day(s).`;
  const more = event.digestTotal - event.digest.length;
  const blocks = [
    section(text),
    ...listSections(event.digest.map((r) => reminderLine(r, now))),
    ...(more > 0 ? [context(`… and ${more} more: App Home lists every open request, oldest first.`)] : []),
  ];
  return { text, blocks: capBlocks(blocks, LIMITS.blocksPerMessage, (n) => `${n} more block(s) not shown.`) };
}

/** A requester's reminder: their requests that wait on them. */
export function requesterReminder(requests: readonly PidRequest[], afterDays: number, now: Date): SlackMessage {
  const text = `:alarm_clock: ${requests.length} of your permanent-ID request(s) have waited on you for more than ${afterDays} day(s).`;
  return {
    text,
    blocks: capBlocks(
      [section(text), ...listSections(requests.map((r) => reminderLine(r, now)))],
      LIMITS.blocksPerMessage,
      (n) => `${n} more block(s) not shown.`,
    ),
  };
}

/** `/pid remind`'s answer: what went out now, or why nothing did. */
export function remindReply(outcome: ReminderOutcome): { text: string } {
  const digest =
    outcome.digest !== undefined
      ? `Posted a digest of ${outcome.digest} request(s) waiting on the curators.`
      : outcome.digestSentAt !== undefined
        ? `The curators' digest was already posted at ${outcome.digestSentAt}; it is not repeated the same day.`
        : 'No request has waited on the curators long enough for a reminder.';
  return { text: `${digest} Reminded ${outcome.requesters} requester(s) by DM.` };
}
