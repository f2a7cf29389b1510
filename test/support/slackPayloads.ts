/** Who acts, in which workspace and app, and the interaction's trigger id. */
interface SlackInteraction {
  teamId: string;
  appId: string;
  userId: string;
  triggerId: string;
}

/** Who clicks what, where: the parts of a `block_actions` payload a test or bench varies. */
export interface ButtonClick extends SlackInteraction {
  channelId: string;
  actionId: string;
  value: string;
  blockId?: string;
}

/** The fields every interactive payload carries. */
function interactionFields(type: string, interaction: SlackInteraction): Record<string, unknown> {
  return {
    type,
    team: { id: interaction.teamId },
    user: { id: interaction.userId },
    api_app_id: interaction.appId,
    trigger_id: interaction.triggerId,
  };
}

/** A button click on a message in a channel, as Slack sends it (the `payload` of an interactive request). */
export function buttonClickPayload(click: ButtonClick): Record<string, unknown> {
  return {
    ...interactionFields('block_actions', click),
    channel: { id: click.channelId },
    container: { type: 'message', channel_id: click.channelId },
    actions: [
      {
        type: 'button',
        action_id: click.actionId,
        block_id: click.blockId ?? 'b',
        value: click.value,
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  };
}

/** Who submits which modal with what: the parts of a `view_submission` payload a test or bench varies. */
export interface ViewSubmission extends SlackInteraction {
  viewId: string;
  callbackId: string;
  privateMetadata: string;
  values: Record<string, unknown>;
}

/** A modal submitted, as Slack sends it (the `payload` of an interactive request). */
export function viewSubmissionPayload(submission: ViewSubmission): Record<string, unknown> {
  return {
    ...interactionFields('view_submission', submission),
    view: {
      id: submission.viewId,
      callback_id: submission.callbackId,
      private_metadata: submission.privateMetadata,
      state: { values: submission.values },
    },
  };
}
