import type { App } from '@slack/bolt';
import { z } from 'zod';
import { type CreatorAnswer, type DescribeAnswers, displayName } from '../../../domain/metadata/describeForm.js';
import { openDescribeForm, saveDescription } from '../../../services/requests/describeFolder.js';
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
import { escapeMrkdwn, section } from '../../views/blockKit.js';
import {
  CREATORS_PER_MODAL,
  creatorField,
  DESCRIBE_FIELD,
  type DescribeModalState,
  describeErrors,
  describeModal,
  LIST_SEPARATOR,
  openingState,
} from '../../views/describeModal.js';

/**
 * Whether the folder's request waits on its requester (changes requested). The request workflow
 * owns this fact; until it is wired here, requesters cannot edit a folder in staging.
 */
export const REQUEST_WAITS_ON_REQUESTER = false;

const modalState = z.object({
  folder: z.string().min(1).max(1024),
  creatorRows: z.number().int().min(0).max(CREATORS_PER_MODAL),
});

/** Opens Describe… for a folder (a path in the user's home, `staging/<name>`, ...); refusals throw. */
export async function openDescribeModal(
  ctx: SlackContext,
  userId: string,
  triggerId: string,
  folder: string,
): Promise<void> {
  const trigger = modalTrigger(triggerId, userId);
  const form = await openDescribeForm(ctx.deps, {
    actorId: userId,
    folder,
    requestWaitsOnRequester: REQUEST_WAITS_ON_REQUESTER,
  });
  await ctx.poster.openView(trigger, describeModal(form, openingState(folder, form.answers)));
}

/** "Family, Given" as the two parts, when the name is written that way. */
function nameParts(name: string): Pick<CreatorAnswer, 'givenName' | 'familyName'> {
  const [family, given, ...rest] = name.split(',').map((part) => part.trim());
  return family && given && rest.length === 0
    ? { familyName: family, givenName: given }
    : { familyName: '', givenName: '' };
}

function lines(text: string | undefined): string[][] {
  return (text ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => line.split(LIST_SEPARATOR).map((part) => part.trim()));
}

/** The modal's values over the pre-filled answers: creators after the shown rows, and inputs the modal left out, stay as they were. */
export function answersFromView(
  prefilled: DescribeAnswers,
  payload: ViewSubmissionPayload,
  state: DescribeModalState,
): DescribeAnswers {
  const shownInputs = payload.view.state.values;
  const value = (blockId: string) => inputValue(payload, blockId)?.trim() ?? '';
  const text = <K extends keyof DescribeAnswers>(field: K, read: (raw: string) => DescribeAnswers[K]) =>
    field in shownInputs ? { [field]: read(inputValue(payload, field) ?? '') } : {};
  const creators = Array.from({ length: state.creatorRows }, (_, index): CreatorAnswer | undefined => {
    const before = prefilled.creators[index];
    const name = value(creatorField(index, 'name'));
    const orcid = value(creatorField(index, 'orcid'));
    const affiliation = value(creatorField(index, 'affiliation'));
    if (!name && !orcid && !affiliation) return undefined;
    // A name shown as the file has it keeps its parts (and stays absent when only the parts were given).
    if (before && displayName(before) === name) return { ...before, orcid, affiliation };
    return { name, orcid, affiliation, ...nameParts(name) };
  }).filter((creator) => creator !== undefined);
  const single = (raw: string) => raw.trim();
  return {
    ...prefilled,
    creators: [...creators, ...prefilled.creators.slice(state.creatorRows)],
    ...text('title', single),
    ...text('publisher', single),
    ...text('publicationYear', single),
    ...text('resourceTypeGeneral', single),
    ...text('resourceType', single),
    ...text('description', single),
    ...text('subjects', (raw) => lines(raw).map((parts) => parts.join(` ${LIST_SEPARATOR} `))),
    ...text('licence', single),
    ...text('otherRights', single),
    ...text('otherRightsUri', single),
    ...text('funding', (raw) => lines(raw).map(([funderName = '', awardNumber = '']) => ({ funderName, awardNumber }))),
    ...text('language', single),
    ...text('version', single),
    ...text('relatedIdentifiers', (raw) =>
      lines(raw).map(([relationType = '', relatedIdentifierType = '', relatedIdentifier = '']) => ({
        relationType,
        relatedIdentifierType,
        relatedIdentifier,
      })),
    ),
  };
}

/** The submission and the modal's state, or undefined when either is not pidbot's (damaged, forged, out of date). */
export function readSubmission(
  ctx: SlackContext,
  body: unknown,
): { payload: ViewSubmissionPayload; state: DescribeModalState } | undefined {
  try {
    const payload = parsePayload(viewSubmissionPayload, body);
    const state = modalState.parse(JSON.parse(payload.view.private_metadata));
    return { payload, state };
  } catch (error) {
    ctx.logger.warn('refused an unreadable describe form', { err: error });
    return undefined;
  }
}

/** The folder picker saved: the same modal becomes the form, or the refusal shows under the folder. */
function registerPicker(app: App, ctx: SlackContext): void {
  app.view(VIEW.describePick, async ({ ack, body }) => {
    const parsed = viewSubmissionPayload.safeParse(body);
    if (!parsed.success) {
      await ack({ response_action: 'errors', errors: { [FIELD.folderPath]: UNREADABLE_FORM } });
      return;
    }
    const payload = parsed.data;
    const folder = inputValue(payload, FIELD.folderPath) ?? inputValue(payload, FIELD.folderSelect);
    if (!folder) {
      await ack({
        response_action: 'errors',
        errors: { [FIELD.folderPath]: 'Choose or type the folder to describe.' },
      });
      return;
    }
    try {
      const form = await openDescribeForm(ctx.deps, {
        actorId: payload.user.id,
        folder,
        requestWaitsOnRequester: REQUEST_WAITS_ON_REQUESTER,
      });
      await ack({ response_action: 'update', view: describeModal(form, openingState(folder, form.answers)) as never });
    } catch (error) {
      await ack({
        response_action: 'errors',
        errors: { [FIELD.folderPath]: failureMessage(error, ctx.logger, 'Describing the folder').text.slice(0, 2000) },
      });
    }
  });
}

/** Describe… saved: every problem back at its field at once, nothing written; else the file is saved and the modal closes. */
export function register(app: App, ctx: SlackContext): void {
  registerPicker(app, ctx);
  app.view(VIEW.describe, async ({ ack, body }) => {
    const submitted = readSubmission(ctx, body);
    if (!submitted) {
      await ack({ response_action: 'errors', errors: { [DESCRIBE_FIELD.title]: UNREADABLE_FORM } });
      return;
    }
    const { payload, state } = submitted;
    const userId = payload.user.id;
    const target = { actorId: userId, folder: state.folder, requestWaitsOnRequester: REQUEST_WAITS_ON_REQUESTER };
    try {
      const form = await openDescribeForm(ctx.deps, target);
      const outcome = await saveDescription(ctx.deps, {
        ...target,
        answers: answersFromView(form.answers, payload, state),
      });
      if (!outcome.ok) {
        await ack({ response_action: 'errors', errors: describeErrors(outcome.errors, state) });
        return;
      }
      await ack();
      const saved = `Saved \`datacite.json\` in \`${escapeMrkdwn(outcome.folderLabel)}\`${outcome.requestId ? ` (recorded in request #${outcome.requestId})` : ''}.`;
      await ctx.poster.direct(userId, { text: saved, blocks: [section(saved)] });
    } catch (error) {
      await ack({
        response_action: 'errors',
        errors: {
          [DESCRIBE_FIELD.title]: failureMessage(error, ctx.logger, 'Describing the folder').text.slice(0, 2000),
        },
      });
    }
  });
}
