import type { App, RespondFn } from '@slack/bolt';
import { InvalidInput } from '../../../domain/errors.js';
import { afterAcknowledgements } from '../../afterAcknowledgements.js';
import { type PidCommand, parsePidCommand } from '../../commandText.js';
import { failureMessage } from '../../failureMessage.js';
import { type CommandPayload, commandPayload, parsePayload } from '../../payloads.js';
import type { SlackContext } from '../../slackContext.js';
import { escapeMrkdwn } from '../../views/blockKit.js';
import { type Reply, usageReply } from '../../views/commandReplies.js';
import { SUBCOMMANDS } from './subcommands.js';

async function reply(respond: RespondFn, r: Reply): Promise<void> {
  await respond({ response_type: 'ephemeral', text: r.text, ...(r.blocks && { blocks: r.blocks as never[] }) });
}

/** `/pid …`: ack at once, then run the subcommand and answer privately. */
export function register(app: App, ctx: SlackContext): void {
  app.command('/pid', async ({ ack, body, respond }) => {
    await ack();
    await afterAcknowledgements();
    let payload: CommandPayload;
    try {
      payload = parsePayload(commandPayload, body);
    } catch (error) {
      ctx.logger.warn('refused a malformed slash command payload', { err: error });
      const problems =
        error instanceof InvalidInput ? error.problems.map((p) => p.description).join('; ') : 'unreadable';
      await reply(respond, { text: `pidbot could not read that command: ${escapeMrkdwn(problems)}.` });
      return;
    }
    const parsed = parsePidCommand(payload.text);
    if (!parsed.ok) {
      await reply(respond, usageReply(parsed.problem));
      return;
    }
    const command: PidCommand = parsed.command;
    try {
      const result = await SUBCOMMANDS[command.kind](ctx, payload, command as never);
      if (result) await reply(respond, result);
    } catch (error) {
      await reply(respond, failureMessage(error, ctx.logger, `/pid ${command.kind}`));
    }
  });
}
