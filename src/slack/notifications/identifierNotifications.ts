import { reasonText, requestedIdentifier } from '../../domain/identifier.js';
import { MINT_STEP_LABELS } from '../../domain/identifierMint.js';
import type { PidRequest } from '../../domain/request.js';
import type { SlackContext } from '../slackContext.js';
import { escapeMrkdwn, mrkdwnLink, userMention } from '../views/blockKit.js';
import { requestHeadline, textMessage } from '../views/requestMessage.js';
import type { RequestMessages } from './requestMessages.js';

/**
 * Minting and identifier changes in Slack: the request's message shows the
 * identifier, its thread says what happened and who did it, and the requester
 * gets the resolvable link. Thread lines and DMs are separate subscribers, so a
 * retry after one failed does not repeat the other.
 */
export function registerIdentifierNotifications(ctx: SlackContext, messages: RequestMessages): void {
  const { events } = ctx.deps;
  const threadLine = async (request: PidRequest, text: string) => {
    const ref = await messages.refresh(request);
    await ctx.poster.post(ref.channelId, textMessage(text), ref.ts);
  };

  events.subscribe('IdentifierMinted', async ({ request, identifier, identifierUrl, actorId }) => {
    const minted = mrkdwnLink(identifierUrl, requestedIdentifier(request.type, identifier));
    await threadLine(
      request,
      `:white_check_mark: Minted ${minted} by ${userMention(actorId)}; the folder is in curated and public.`,
    );
  });
  events.subscribe('IdentifierMinted', async ({ request, identifier, identifierUrl }) => {
    const minted = mrkdwnLink(identifierUrl, requestedIdentifier(request.type, identifier));
    await ctx.poster.direct(
      request.requesterId,
      textMessage(`:tada: Your request *${escapeMrkdwn(requestHeadline({ request }))}* has its identifier: ${minted}.`),
    );
  });

  events.subscribe('MintFailed', async ({ request, step, error, actorId }) => {
    await threadLine(
      request,
      `:x: Minting stopped at “${escapeMrkdwn(MINT_STEP_LABELS[step])}” (started by ${userMention(actorId)}):\n> ${escapeMrkdwn(error)}\nFix the problem and press Mint again; it continues from this step.`,
    );
  });

  events.subscribe('MintReconciled', async ({ request, outcome, step, identifier, error }) => {
    const what =
      outcome === 'completed'
        ? `finished the interrupted mint${identifier ? ` of ${escapeMrkdwn(identifier.doi)}` : ''}`
        : `could not finish the interrupted mint (at “${escapeMrkdwn(MINT_STEP_LABELS[step])}”): ${escapeMrkdwn(error ?? 'unknown error')}`;
    await threadLine(request, `:recycle: After a restart, pidbot ${what}.`);
  });

  events.subscribe('IdentifierWithdrawn', async ({ request, identifier, reason, actorId }) => {
    await threadLine(
      request,
      `:no_entry_sign: ${escapeMrkdwn(identifier.doi)} withdrawn by ${userMention(actorId)}. Reason: ${escapeMrkdwn(reasonText(reason))}`,
    );
  });
  events.subscribe('IdentifierWithdrawn', async ({ request, identifier, reason }) => {
    await ctx.poster.direct(
      request.requesterId,
      textMessage(
        `The identifier ${escapeMrkdwn(identifier.doi)} of your request #${request.id} was withdrawn. Reason: ${escapeMrkdwn(reasonText(reason))}`,
      ),
    );
  });

  events.subscribe('IdentifierDeleted', async ({ request, identifier, actorId }) => {
    await threadLine(
      request,
      `:wastebasket: Draft identifier ${escapeMrkdwn(identifier.doi)} deleted by ${userMention(actorId)}.`,
    );
  });

  events.subscribe('IdentifierMetadataPushed', async ({ request, identifier, targetUrl, actorId }) => {
    await threadLine(
      request,
      `:arrows_counterclockwise: Corrected metadata of ${escapeMrkdwn(identifier.doi)} sent to the registrar by ${userMention(actorId)}, with target URL ${escapeMrkdwn(targetUrl)}.`,
    );
  });
}
