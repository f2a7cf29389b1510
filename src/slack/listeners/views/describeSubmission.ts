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
  topBlock,
} from '../../views/describeModal.js';

const folderReference = z.string().min(1).max(1024);

const modalState = z.union([
  z
    .object({
      folder: folderReference,
      start: z.number().int().min(0),
      end: z.number().int().min(0),
      origins: z.array(z.number().int().min(-1)).max(CREATORS_PER_MODAL),
    })
    .refine((state) => state.start <= state.end, 'start after end'),
  // Forms opened before creators were paged: rows 1 to n are the file's first n creators.
  z
    .object({ folder: folderReference, creatorRows: z.number().int().min(0).max(CREATORS_PER_MODAL) })
    .transform(({ folder, creatorRows }) => ({
      folder,
      start: 0,
      end: creatorRows,
      origins: Array.from({ length: creatorRows }, (_, row) => row),
    })),
]);

/** Opens Describe… for a folder (a path in the user's home, `staging/<name>`, ...); refusals throw. */
export async function openDescribeModal(
  ctx: SlackContext,
  userId: string,
  triggerId: string,
  folder: string,
): Promise<void> {
  const trigger = modalTrigger(triggerId, userId);
  const form = await openDescribeForm(ctx.deps, { actorId: userId, folder });
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

/** The shown creator rows as typed, each with the file's creator it comes from; undefined for a cleared row. */
export function creatorRowsFromView(
  prefilled: DescribeAnswers,
  payload: ViewSubmissionPayload,
  state: DescribeModalState,
): (CreatorAnswer | undefined)[] {
  const value = (blockId: string) => inputValue(payload, blockId)?.trim() ?? '';
  return state.origins.map((origin, row): CreatorAnswer | undefined => {
    const index = state.start + row;
    const before = origin >= 0 ? prefilled.creators[origin] : undefined;
    const name = value(creatorField(index, 'name'));
    const orcid = value(creatorField(index, 'orcid'));
    const affiliation = value(creatorField(index, 'affiliation'));
    if (!name && !orcid && !affiliation) return undefined;
    // A name shown as the file has it keeps its parts (and stays absent when only the parts were given).
    if (before && displayName(before) === name) return { ...before, orcid, affiliation, origin };
    return { name, orcid, affiliation, ...nameParts(name), origin };
  });
}

/** The file's creators around a modal's window, each marked as coming from its own position. */
export function creatorsAround(
  prefilled: DescribeAnswers,
  state: DescribeModalState,
  rows: readonly CreatorAnswer[],
): CreatorAnswer[] {
  const fromFile = prefilled.creators.map((creator, origin) => ({ ...creator, origin }));
  return [...fromFile.slice(0, state.start), ...rows, ...fromFile.slice(state.end)];
}

/** The modal's values over the pre-filled answers: creators outside its rows, and inputs the modal left out, stay as they were. */
export function answersFromView(
  prefilled: DescribeAnswers,
  payload: ViewSubmissionPayload,
  state: DescribeModalState,
): DescribeAnswers {
  const shownInputs = payload.view.state.values;
  const text = <K extends keyof DescribeAnswers>(field: K, read: (raw: string) => DescribeAnswers[K]) =>
    field in shownInputs ? { [field]: read(inputValue(payload, field) ?? '') } : {};
  const rows = creatorRowsFromView(prefilled, payload, state).filter((creator) => creator !== undefined);
  const single = (raw: string) => raw.trim();
  return {
    ...prefilled,
    creators: creatorsAround(prefilled, state, rows),
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
      const form = await openDescribeForm(ctx.deps, { actorId: payload.user.id, folder });
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
  // The form and a creators page save alike: a page shows only creators, so the rest stays as the file has it.
  app.view(new RegExp(`^(${VIEW.describe}|${VIEW.describeCreators})$`), async ({ ack, body }) => {
    const submitted = readSubmission(ctx, body);
    if (!submitted) {
      await ack({ response_action: 'errors', errors: { [DESCRIBE_FIELD.title]: UNREADABLE_FORM } });
      return;
    }
    const { payload, state } = submitted;
    const userId = payload.user.id;
    const target = { actorId: userId, folder: state.folder };
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
          [topBlock(state)]: failureMessage(error, ctx.logger, 'Describing the folder').text.slice(0, 2000),
        },
      });
    }
  });
}
