import { allPassed, type CheckLine, type PostMintChecklist } from '../../domain/postMintChecks.js';
import { ACTION } from './actionIds.js';
import { type Block, context, escapeMrkdwn, LIMITS, section, slackDate, truncate, userMention } from './blockKit.js';
import { button, type SlackMessage } from './requestMessage.js';

function lineText(line: CheckLine): string {
  const mark = line.passed ? '✓' : '✗';
  const advice = line.advice ? `\n→ ${escapeMrkdwn(line.advice)}` : '';
  return `${mark} *${escapeMrkdwn(line.label)}*: ${escapeMrkdwn(line.detail)}${advice}`;
}

function headline(checklist: PostMintChecklist): string {
  const failing = checklist.lines.filter((line) => !line.passed).length;
  const verdict = allPassed(checklist) ? 'all passed' : `${failing} of ${checklist.lines.length} failed`;
  return `Post-mint checks of ${escapeMrkdwn(checklist.identifier)} (#${checklist.requestId}): ${verdict}`;
}

/**
 * The post-mint checklist in the request's thread: ✓ or ✗ per check, what to
 * do under each ✗, when it was checked, and a Re-run checks button that
 * updates this same message.
 */
export function postMintChecklistMessage(checklist: PostMintChecklist, rerunBy?: string): SlackMessage {
  const checked = `Checked ${slackDate(checklist.checkedAt)}${rerunBy ? ` (re-run by ${userMention(rerunBy)})` : ''}`;
  const blocks: Block[] = [
    section(`*${headline(checklist)}*`),
    ...checklist.lines.map((line) => section(lineText(line))),
    context(checked),
    { type: 'actions', elements: [button('Re-run checks', ACTION.rerunChecks, checklist.requestId)] },
  ];
  return {
    text: truncate([headline(checklist), ...checklist.lines.map(lineText)].join('\n'), LIMITS.textObject),
    blocks,
  };
}
