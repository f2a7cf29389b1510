import type { App } from '@slack/bolt';
import { STATUS } from '../../../domain/statusCodes.js';
import { setRequestStatus } from '../../../services/requests/setRequestStatus.js';
import type { SlackContext } from '../../slackContext.js';
import { ACTION } from '../../views/actionIds.js';
import { onButton } from './buttonClick.js';

/** Approve: the status becomes Approved; the message, thread and requester's DM follow from the event. */
export function register(app: App, ctx: SlackContext): void {
  onButton(app, ctx, ACTION.approve, 'Approval', async (payload, requestId) => {
    await setRequestStatus(ctx.deps, { actorId: payload.user.id, requestId, status: STATUS.approved });
  });
}
