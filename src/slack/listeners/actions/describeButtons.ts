import type { App, BlockAction } from '@slack/bolt';
import { z } from 'zod';
import { InvalidInput } from '../../../domain/errors.js';
import { openDescribeForm } from '../../../services/requests/describeFolder.js';
import { requestFormChoices } from '../../../services/requests/listCatalogues.js';
import { afterAcknowledgements } from '../../afterAcknowledgements.js';
import { failureMessage } from '../../failureMessage.js';
import { arrivedAt } from '../../inbox/triggerArrival.js';
import { inputValue, parsePayload, type ViewSubmissionPayload, viewSubmissionPayload } from '../../payloads.js';
import type { SlackContext } from '../../slackContext.js';
import { tellActor } from '../../tellActor.js';
import { ACTION, FIELD } from '../../views/actionIds.js';
import { CREATORS_PER_MODAL, describeModal, describePickerModal, openingState } from '../../views/describeModal.js';
import { answersFromView, REQUEST_WAITS_ON_REQUESTER, readSubmission } from '../views/describeSubmission.js';

/** A button inside an open modal: who clicked, the trigger, and the modal as it stands. */
const modalButtonPayload = viewSubmissionPayload.extend({
  trigger_id: z.string().min(1),
  view: viewSubmissionPayload.shape.view.extend({ hash: z.string().optional() }),
});

/** Runs a modal button's work after the ack; a failure is told to whoever clicked, privately. */
function onModalButton(
  app: App,
  ctx: SlackContext,
  actionId: string,
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
    const submitted = readSubmission(ctx, payload);
    if (!submitted) return;
    const { state } = submitted;
    const target = {
      actorId: payload.user.id,
      folder: state.folder,
      requestWaitsOnRequester: REQUEST_WAITS_ON_REQUESTER,
    };
    const form = await openDescribeForm(ctx.deps, target);
    const answers = answersFromView(form.answers, submitted.payload, state);
    const creatorRows = Math.min(CREATORS_PER_MODAL, Math.min(state.creatorRows, answers.creators.length) + 1);
    await ctx.poster.updateView(
      payload.view.id,
      payload.view.hash,
      describeModal({ folderLabel: form.folderLabel, answers }, { folder: state.folder, creatorRows }),
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
    const form = await openDescribeForm(ctx.deps, {
      actorId: payload.user.id,
      folder,
      requestWaitsOnRequester: REQUEST_WAITS_ON_REQUESTER,
    });
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
      const { folders } = await requestFormChoices(ctx.deps, user.id);
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
