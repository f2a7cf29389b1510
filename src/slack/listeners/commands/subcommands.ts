import { compareMetadata } from '../../../services/identifiers/compareMetadata.js';
import { deleteIdentifier } from '../../../services/identifiers/deleteIdentifier.js';
import { pushMetadataUpdate } from '../../../services/identifiers/pushMetadataUpdate.js';
import { registrarState } from '../../../services/identifiers/registrarState.js';
import { startVerifySweep } from '../../../services/identifiers/runVerifySweep.js';
import { verifyIdentifier } from '../../../services/identifiers/verifyIdentifier.js';
import { withdrawIdentifier } from '../../../services/identifiers/withdrawIdentifier.js';
import { mintIdentifier } from '../../../services/minting/mintIdentifier.js';
import { previewRequestMetadata } from '../../../services/minting/previewRegistrarPayload.js';
import { checkHealth } from '../../../services/monitoring/checkHealth.js';
import { findRequests, resolveRequestReference } from '../../../services/requests/findRequests.js';
import { listRequestTypes, listStatusCodes } from '../../../services/requests/listCatalogues.js';
import { listRequests } from '../../../services/requests/listRequests.js';
import { requireCurator } from '../../../services/requests/requestAccess.js';
import { sendReminders } from '../../../services/requests/sendReminders.js';
import { setRequestStatus } from '../../../services/requests/setRequestStatus.js';
import { showRequest } from '../../../services/requests/showRequest.js';
import type { PidCommand } from '../../commandText.js';
import type { CommandPayload } from '../../payloads.js';
import type { SlackContext } from '../../slackContext.js';
import { modalTrigger } from '../../slackPoster.js';
import { healthReply } from '../../views/alertMessages.js';
import { escapeMrkdwn, LIMITS } from '../../views/blockKit.js';
import {
  foundRequestsReply,
  helpReply,
  type Reply,
  requestListReply,
  requestTypesReply,
  statusCodesReply,
} from '../../views/commandReplies.js';
import {
  metadataComparisonReply,
  mintedReply,
  registrarStateReply,
  verificationReply,
} from '../../views/identifierReplies.js';
import { previewModal } from '../../views/previewModal.js';
import { remindReply } from '../../views/reminderMessages.js';
import { previewButton, requestDetailsBlocks } from '../../views/requestDetails.js';
import { openDescribeModal } from '../views/describeSubmission.js';
import { openRequestModal } from '../views/requestSubmission.js';

type Subcommand<K extends PidCommand['kind']> = (
  ctx: SlackContext,
  payload: CommandPayload,
  command: Extract<PidCommand, { kind: K }>,
) => Promise<Reply | undefined>;

/** One small handler per `/pid` subcommand; each calls one service and renders. */
export const SUBCOMMANDS: { [K in PidCommand['kind']]: Subcommand<K> } = {
  help: async () => helpReply(),
  describe: async (ctx, payload, command) => {
    await openDescribeModal(ctx, payload.user_id, payload.trigger_id, command.folder);
    return undefined;
  },
  request: async (ctx, payload) => {
    await openRequestModal(ctx, payload.user_id, payload.trigger_id);
    return undefined;
  },
  list: async (ctx, payload, command) => {
    const mine = 'mine' in command;
    const page = await listRequests(ctx.deps, {
      actorId: payload.user_id,
      filter: mine ? { assigneeId: payload.user_id } : command.status ? { status: command.status } : {},
      limit: 40,
    });
    return requestListReply(page.items, page.scope, page.nextBeforeId !== undefined, mine ? 'assigned' : 'requests');
  },
  show: async (ctx, payload, command) => {
    const requestId = await resolveRequestReference(
      ctx.deps,
      payload.user_id,
      'requestId' in command ? command.requestId : command.identifier,
    );
    const details = await showRequest(ctx.deps, { actorId: payload.user_id, requestId });
    const blocks = requestDetailsBlocks(details, LIMITS.blocksPerMessage - 1);
    return {
      text: `Request #${details.request.id}`,
      blocks: [...blocks.slice(0, 2), previewButton(requestId), ...blocks.slice(2)],
    };
  },
  status: async (ctx, payload, command) => {
    const outcome = await setRequestStatus(ctx.deps, {
      actorId: payload.user_id,
      requestId: command.requestId,
      status: command.status,
      comment: command.comment,
    });
    if (!outcome.change)
      return {
        text: `Request #${outcome.request.id} is already *${escapeMrkdwn(outcome.request.status)}*; nothing changed.`,
      };
    return {
      text: `Request #${outcome.request.id} is now *${escapeMrkdwn(outcome.request.status)}*${outcome.createdCode ? ' (new status code saved)' : ''}.`,
    };
  },
  codes: async (ctx) => statusCodesReply(await listStatusCodes(ctx.deps)),
  types: async (ctx) => requestTypesReply(await listRequestTypes(ctx.deps)),
  mint: async (ctx, payload, command) =>
    mintedReply(await mintIdentifier(ctx.deps, { actorId: payload.user_id, requestId: command.requestId })),
  verify: async (ctx, payload, command) =>
    verificationReply(
      command.requestId,
      await verifyIdentifier(ctx.deps, { actorId: payload.user_id, requestId: command.requestId }),
    ),
  state: async (ctx, payload, command) =>
    registrarStateReply(
      command.requestId,
      await registrarState(ctx.deps, { actorId: payload.user_id, requestId: command.requestId }),
    ),
  update: async (ctx, payload, command) => {
    const pushed = await pushMetadataUpdate(ctx.deps, { actorId: payload.user_id, requestId: command.requestId });
    return { text: `Metadata of ${escapeMrkdwn(pushed.identifier.doi)} sent to the registrar.` };
  },
  metadata: async (ctx, payload, command) =>
    metadataComparisonReply(
      command.requestId,
      await compareMetadata(ctx.deps, { actorId: payload.user_id, requestId: command.requestId }),
    ),
  withdraw: async (ctx, payload, command) => {
    const { identifier } = await withdrawIdentifier(ctx.deps, {
      actorId: payload.user_id,
      requestId: command.requestId,
      reason: command.reason,
    });
    return { text: `${escapeMrkdwn(identifier.doi)} is withdrawn; its tombstone page shows the reason.` };
  },
  delete: async (ctx, payload, command) => {
    const { identifier } = await deleteIdentifier(ctx.deps, { actorId: payload.user_id, requestId: command.requestId });
    return { text: `${escapeMrkdwn(identifier.doi)} was deleted (it was still a draft).` };
  },
  preview: async (ctx, payload, command) => {
    // Slack's trigger lasts 3 s from the command's arrival, not from when the preview is ready.
    const trigger = modalTrigger(payload.trigger_id, payload.user_id);
    const requestId = await resolveRequestReference(
      ctx.deps,
      payload.user_id,
      'requestId' in command ? command.requestId : command.identifier,
    );
    const preview = await previewRequestMetadata(ctx.deps, { actorId: payload.user_id, requestId });
    await ctx.poster.openView(trigger, previewModal(preview));
    return undefined;
  },
  find: async (ctx, payload, command) =>
    foundRequestsReply(await findRequests(ctx.deps, { actorId: payload.user_id, text: command.text })),
  health: async (ctx) => healthReply(await checkHealth(ctx.deps)),
  remind: async (ctx, payload) => {
    await requireCurator(ctx.deps, payload.user_id, 'send reminders');
    return remindReply(await sendReminders(ctx.deps, { afterDays: ctx.remindAfterDays }));
  },
  sweep: async (ctx, payload) => {
    const { run } = await startVerifySweep(ctx.deps, { actorId: payload.user_id });
    return {
      text: `Verify sweep #${run.id} started; its summary will be posted in the curation channel when it ends.`,
    };
  },
};
