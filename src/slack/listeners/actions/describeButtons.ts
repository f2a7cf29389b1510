import type { App, BlockAction } from '@slack/bolt';
import { z } from 'zod';
import { InvalidInput } from '../../../domain/errors.js';
import { type CreatorAnswer, emptyCreator } from '../../../domain/metadata/describeForm.js';
import { openDescribeForm } from '../../../services/requests/describeFolder.js';
import { listHomeFolders } from '../../../services/requests/listCatalogues.js';
import { afterAcknowledgements } from '../../afterAcknowledgements.js';
import { failureMessage } from '../../failureMessage.js';
import { arrivedAt } from '../../inbox/triggerArrival.js';
import { inputValue, parsePayload, type ViewSubmissionPayload, viewSubmissionPayload } from '../../payloads.js';
import type { SlackContext } from '../../slackContext.js';
import { tellActor } from '../../tellActor.js';
import { ACTION, FIELD, VIEW } from '../../views/actionIds.js';
import {
  CREATORS_PER_MODAL,
  creatorsPageModal,
  describeModal,
  describePickerModal,
  openingState,
  windowState,
} from '../../views/describeModal.js';
import { answersFromView, creatorRowsFromView, creatorsAround, readSubmission } from '../views/describeSubmission.js';

/** A button inside an open modal: who clicked, the trigger, and the modal as it stands. */
const modalButtonPayload = viewSubmissionPayload.extend({
  trigger_id: z.string().min(1),
  view: viewSubmissionPayload.shape.view.extend({ hash: z.string().optional(), callback_id: z.string().optional() }),
  actions: z.array(z.object({ value: z.string().max(100).optional() })).optional(),
});
type ModalButtonPayload = z.infer<typeof modalButtonPayload>;

/** Each page button has its own action id (Slack wants them unique in a block); they share a listener. */
const CREATORS_PAGE_ACTION = new RegExp(`^${ACTION.describeCreatorsPage}_\\d+$`);

const describeTarget = (actorId: string, folder: string) => ({ actorId, folder });

/**
 * The modal again with its creator rows changed by `edit` (rows as typed, and where each comes
 * from), keeping every value typed in it; the form or a creators page, whichever it is.
 */
async function redrawRows(
  ctx: SlackContext,
  payload: ModalButtonPayload,
  edit: (rows: (CreatorAnswer | undefined)[], origins: number[]) => void,
): Promise<void> {
  const submitted = readSubmission(ctx, payload);
  if (!submitted) return;
  const { state } = submitted;
  const form = await openDescribeForm(ctx.deps, describeTarget(payload.user.id, state.folder));
  const rows = creatorRowsFromView(form.answers, submitted.payload, state);
  const origins = [...state.origins];
  edit(rows, origins);
  const next = { ...state, origins };
  const answers = {
    ...answersFromView(form.answers, submitted.payload, state),
    creators: creatorsAround(
      form.answers,
      next,
      rows.map((row, at) => row ?? { ...emptyCreator(), origin: origins[at] ?? -1 }),
    ),
  };
  const view =
    payload.view.callback_id === VIEW.describeCreators
      ? creatorsPageModal({ folderLabel: form.folderLabel, answers }, next)
      : describeModal({ folderLabel: form.folderLabel, answers }, next);
  await ctx.poster.updateView(payload.view.id, payload.view.hash, view);
}

/** Runs a modal button's work after the ack; a failure is told to whoever clicked, privately. */
function onModalButton(
  app: App,
  ctx: SlackContext,
  actionId: string | RegExp,
  what: string,
  work: (payload: z.infer<typeof modalButtonPayload>, receivedAt: number) => Promise<void>,
): void {
  app.action<BlockAction>(actionId, async ({ ack, body, context }) => {
    const receivedAt = arrivedAt(context);
    await ack();
    await afterAcknowledgements();
    let payload: z.infer<typeof modalButtonPayload>;
    try {
      payload = parsePayload(modalButtonPayload, body);
    } catch (error) {
      ctx.logger.warn('refused a malformed modal button payload', { actionId, err: error });
      return;
    }
    try {
      await work(payload, receivedAt);
    } catch (error) {
      await tellActor(ctx, { userId: payload.user.id }, failureMessage(error, ctx.logger, what));
    }
  });
}

/** Add a creator: the Describe… modal again with one more creator row, keeping what was typed. */
export function register(app: App, ctx: SlackContext): void {
  onModalButton(app, ctx, ACTION.describeAddCreator, 'Adding a creator row', async (payload) => {
    await redrawRows(ctx, payload, (rows, origins) => {
      if (origins.length >= CREATORS_PER_MODAL) return;
      rows.push(undefined);
      origins.push(-1);
    });
  });

  // Remove creator N: the same modal without that row; every other row keeps what was typed in it.
  onModalButton(app, ctx, ACTION.describeRemoveCreator, 'Removing a creator row', async (payload) => {
    const row = Number(payload.actions?.[0]?.value);
    await redrawRows(ctx, payload, (rows, origins) => {
      if (!Number.isInteger(row) || row < 0 || row >= origins.length) return;
      rows.splice(row, 1);
      origins.splice(row, 1);
    });
  });

  // Creators 21–40…: that page of the file's creators in a modal pushed over the form.
  onModalButton(app, ctx, CREATORS_PAGE_ACTION, 'Opening more creators', async (payload, receivedAt) => {
    const submitted = readSubmission(ctx, payload);
    const start = Number(payload.actions?.[0]?.value);
    if (!submitted || !Number.isInteger(start) || start < submitted.state.end) return;
    const form = await openDescribeForm(ctx.deps, describeTarget(payload.user.id, submitted.state.folder));
    if (start >= form.answers.creators.length) {
      throw new InvalidInput(
        [{ path: 'creators', description: `the file now has ${form.answers.creators.length} creators` }],
        'Those creators are no longer in datacite.json; close the form and open it again',
      );
    }
    await ctx.poster.pushView(
      { id: payload.trigger_id, userId: payload.user.id, receivedAt },
      creatorsPageModal(form, windowState(submitted.state.folder, form.answers, start)),
    );
  });

  registerHomeButton(app, ctx);

  // Describe… in the request modal: the folder chosen there, described in a modal pushed over it.
  onModalButton(app, ctx, ACTION.describeFromRequest, 'Describing the folder', async (payload, receivedAt) => {
    const folder = chosenFolder(payload);
    if (!folder) {
      throw new InvalidInput(
        [{ path: 'folder', description: 'choose or type the folder first, then Describe…' }],
        'No folder',
      );
    }
    const form = await openDescribeForm(ctx.deps, { actorId: payload.user.id, folder });
    await ctx.poster.pushView(
      { id: payload.trigger_id, userId: payload.user.id, receivedAt },
      describeModal(form, openingState(folder, form.answers)),
    );
  });
}

/** App Home's Describe a folder…: the folder picker, which turns into the form when saved. */
function registerHomeButton(app: App, ctx: SlackContext): void {
  app.action<BlockAction>(ACTION.describeFromHome, async ({ ack, body, context }) => {
    const receivedAt = arrivedAt(context);
    await ack();
    await afterAcknowledgements();
    const parsed = homeButtonPayload.safeParse(body);
    if (!parsed.success) {
      ctx.logger.warn('refused a malformed App Home button payload', { err: parsed.error });
      return;
    }
    const { user, trigger_id } = parsed.data;
    try {
      const folders = await listHomeFolders(ctx.deps, user.id);
      await ctx.poster.openView({ id: trigger_id, userId: user.id, receivedAt }, describePickerModal(folders));
    } catch (error) {
      await tellActor(ctx, { userId: user.id }, failureMessage(error, ctx.logger, 'Describing a folder'));
    }
  });
}

const homeButtonPayload = z.object({ user: z.object({ id: z.string().min(1) }), trigger_id: z.string().min(1) });

export function chosenFolder(payload: ViewSubmissionPayload): string | undefined {
  return inputValue(payload, FIELD.folderPath) ?? inputValue(payload, FIELD.folderSelect);
}
