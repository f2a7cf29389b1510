import type { VerifySweepCompleted } from '../../domain/events.js';
import { alertMessageRef, attachAlertMessage } from '../../services/monitoring/openAlerts.js';
import type { SlackContext } from '../slackContext.js';
import {
  alertMessage,
  alertReminderMessage,
  alertResolvedMessage,
  sweepSummaryMessage,
} from '../views/alertMessages.js';
import type { SlackMessage } from '../views/requestMessage.js';

/** A sweep is worth a message when something changed: new failures, recoveries, or identifiers it could not check. */
function sweepNeedsTelling({ run }: VerifySweepCompleted): boolean {
  const { newlyFailed = 0, recovered = 0, errors = 0 } = run.counts;
  return newlyFailed + recovered + errors > 0;
}

/**
 * The scheduler's news in the curation channel: one message per alert, its
 * reminders and recovery in that message's thread; one summary per verify
 * sweep. Runs from the outbox, so a Slack outage delays these, never loses them.
 */
export function registerAlertNotifications(ctx: SlackContext): void {
  async function postInAlertThread(alertId: number, message: SlackMessage): Promise<void> {
    const ref = await alertMessageRef(ctx.deps, alertId);
    // Without a raised message (its post failed for good) the notice still reaches the channel.
    await ctx.poster.post(ref?.channelId ?? ctx.curationChannelId, message, ref?.ts);
  }

  ctx.deps.events.subscribe('AlertRaised', async ({ alert }) => {
    // A retried delivery finds the message already posted.
    if (await alertMessageRef(ctx.deps, alert.id)) return;
    const ref = await ctx.poster.post(ctx.curationChannelId, alertMessage(alert));
    await attachAlertMessage(ctx.deps, alert.id, ref);
  });

  ctx.deps.events.subscribe('AlertReminder', ({ alert }) => postInAlertThread(alert.id, alertReminderMessage(alert)));

  ctx.deps.events.subscribe('AlertResolved', async ({ alert, downtimeMs }) => {
    await postInAlertThread(alert.id, alertResolvedMessage(alert, downtimeMs));
    const ref = await alertMessageRef(ctx.deps, alert.id);
    if (ref) await ctx.poster.update(ref, alertMessage(alert));
  });

  ctx.deps.events.subscribe('VerifySweepCompleted', async (event) => {
    if (sweepNeedsTelling(event)) await ctx.poster.post(ctx.curationChannelId, sweepSummaryMessage(event));
  });
}
