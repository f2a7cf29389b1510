import type { PidRequest } from '../../domain/request.js';
import { postMintChecklist } from '../../services/identifiers/postMintChecks.js';
import type { SlackContext } from '../slackContext.js';
import { postMintChecklistMessage } from '../views/postMintChecklist.js';
import type { RequestMessages } from './requestMessages.js';

/**
 * After Completion (a mint, or one a restart finished) the post-mint
 * checklist goes into the request's thread. It runs from the outbox, after
 * the mint has committed, so a slow landing page or resolver never holds up
 * minting; the checks' own time-outs bound how long it takes.
 */
export function registerChecklistNotifications(ctx: SlackContext, messages: RequestMessages): void {
  const { deps } = ctx;
  if (!deps.resolution) return;
  const postChecklist = async (request: PidRequest) => {
    const checklist = await postMintChecklist(deps, request.id);
    const ref = (await ctx.messageRefs.find(request.id)) ?? (await messages.refresh(request));
    await ctx.poster.post(ref.channelId, postMintChecklistMessage(checklist), ref.ts);
  };
  deps.events.subscribe('IdentifierMinted', ({ request }) => postChecklist(request));
  deps.events.subscribe('MintReconciled', async ({ request, outcome }) => {
    if (outcome === 'completed') await postChecklist(request);
  });
}
