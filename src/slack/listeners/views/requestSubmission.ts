import type { App } from '@slack/bolt';
import { InvalidInput, type Problem } from '../../../domain/errors.js';
import { requestFormChoices } from '../../../services/requests/listCatalogues.js';
import { submitRequest } from '../../../services/requests/submitRequest.js';
import { failureMessage } from '../../failureMessage.js';
import {
  inputValue,
  parsePayload,
  UNREADABLE_FORM,
  type ViewSubmissionPayload,
  viewSubmissionPayload,
} from '../../payloads.js';
import type { SlackContext } from '../../slackContext.js';
import { modalTrigger } from '../../slackPoster.js';
import { FIELD, VIEW } from '../../views/actionIds.js';
import { requestModal } from '../../views/requestModal.js';

/** Budget for answering a submission inside Slack's 3 s; past it, the outcome arrives by DM instead. */
const ANSWER_WITHIN_MS = 2000;

export async function openRequestModal(ctx: SlackContext, userId: string, triggerId: string): Promise<void> {
  const trigger = modalTrigger(triggerId, userId);
  const { folders, types } = await requestFormChoices(ctx.deps, userId);
  await ctx.poster.openView(trigger, requestModal(folders, types));
}

/** Slack shows at most this many characters of a field's error. */
const FIELD_ERROR_CHARS = 2000;

/** Problems about the folder show under the folder field, metadata problems too (they live in the folder). */
function fieldErrors(error: InvalidInput, folderField: string): Record<string, string> {
  const byField: Record<string, Problem[]> = {};
  for (const p of error.problems) {
    const field = p.path === 'type' ? FIELD.type : folderField;
    byField[field] = [...(byField[field] ?? []), p];
  }
  return Object.fromEntries(Object.entries(byField).map(([field, problems]) => [field, fitProblems(problems)]));
}

function problemLine(p: Problem): string {
  const located = p.omitted === undefined && (p.path.startsWith('$') || p.path === 'datacite.json');
  return located ? `${p.path}: ${p.description}` : p.description;
}

/** Whole problems while they fit, then how many more there are, never a line cut mid-word. */
function fitProblems(problems: readonly Problem[]): string {
  const all = problems.map(problemLine).join('\n');
  if (all.length <= FIELD_ERROR_CHARS) return all;
  const room = FIELD_ERROR_CHARS - 100;
  const shown: string[] = [];
  let length = 0;
  for (const p of problems) {
    const line = problemLine(p);
    if (p.omitted !== undefined || length + line.length + 1 > room) break;
    shown.push(line);
    length += line.length + 1;
  }
  const more = problems.slice(shown.length).reduce((sum, p) => sum + (p.omitted ?? 1), 0);
  return [...shown, `… and ${more} more problem(s): fix these and submit again to see the rest`].join('\n');
}

export function register(app: App, ctx: SlackContext): void {
  app.view(VIEW.submitRequest, async ({ ack, body }) => {
    let payload: ViewSubmissionPayload;
    try {
      payload = parsePayload(viewSubmissionPayload, body);
    } catch (error) {
      ctx.logger.warn('refused an unreadable request form', { err: error });
      await ack({ response_action: 'errors', errors: { [FIELD.folderPath]: UNREADABLE_FORM } });
      return;
    }
    const userId = payload.user.id;
    const selected = inputValue(payload, FIELD.folderSelect);
    const typed = inputValue(payload, FIELD.folderPath);
    const folderField = typed !== undefined || selected === undefined ? FIELD.folderPath : FIELD.folderSelect;
    if (selected !== undefined && typed !== undefined && selected !== typed) {
      await ack({
        response_action: 'errors',
        errors: { [FIELD.folderPath]: 'Choose a folder from the list or type a path, not both.' },
      });
      return;
    }
    const folderPath = typed ?? selected;
    if (folderPath === undefined) {
      await ack({
        response_action: 'errors',
        errors: { [FIELD.folderPath]: 'Name the folder to request an identifier for.' },
      });
      return;
    }
    const submission = submitRequest(ctx.deps, {
      requesterId: userId,
      folderPath,
      type: inputValue(payload, FIELD.type) ?? 'DOI',
    });
    const outcome = await Promise.race([
      submission.then(
        () => ({ kind: 'done' as const }),
        (error: unknown) => ({ kind: 'failed' as const, error }),
      ),
      new Promise<{ kind: 'slow' }>((resolve) => setTimeout(() => resolve({ kind: 'slow' }), ANSWER_WITHIN_MS).unref()),
    ]);
    if (outcome.kind === 'done') {
      await ack();
    } else if (outcome.kind === 'failed' && outcome.error instanceof InvalidInput) {
      await ack({ response_action: 'errors', errors: fieldErrors(outcome.error, folderField) });
    } else if (outcome.kind === 'failed') {
      await ack();
      await ctx.poster.direct(userId, failureMessage(outcome.error, ctx.logger, 'Your request'));
    } else {
      // Still running: close the modal now and report the outcome by DM when it is known.
      await ack();
      await submission.catch(async (error: unknown) =>
        ctx.poster.direct(userId, failureMessage(error, ctx.logger, 'Your request')),
      );
    }
  });
}
