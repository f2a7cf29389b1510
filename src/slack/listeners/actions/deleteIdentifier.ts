import type { App } from '@slack/bolt';
import { deleteIdentifier } from '../../../services/identifiers/deleteIdentifier.js';
import type { SlackContext } from '../../slackContext.js';
import { ACTION } from '../../views/actionIds.js';
import { onButton } from './buttonClick.js';

/** Delete DOI: only while reserved; the service states the rule otherwise. */
export function register(app: App, ctx: SlackContext): void {
  onButton(app, ctx, ACTION.delete, 'Deleting the identifier', async (payload, requestId) => {
    await deleteIdentifier(ctx.deps, { actorId: payload.user.id, requestId });
  });
}
