import { randomUUID } from 'node:crypto';
import { InvalidInput, NotAllowed, PidbotError } from '../domain/errors.js';
import type { Logger } from '../logging/logger.js';
import { escapeMrkdwn, truncate } from './views/blockKit.js';
import type { SlackMessage } from './views/requestMessage.js';

/**
 * Turns any failure into a message for the person who acted. Typed errors say
 * what to do; anything unexpected is logged with a reference the user can quote.
 */
export function failureMessage(error: unknown, logger: Logger, action: string): SlackMessage {
  let text: string;
  if (error instanceof InvalidInput) {
    text = [
      `:warning: ${escapeMrkdwn(action)} did not go through:`,
      ...error.problems.map((p) => `• \`${escapeMrkdwn(p.path)}\` ${escapeMrkdwn(p.description)}`),
    ].join('\n');
  } else if (error instanceof NotAllowed) {
    text = `:no_entry: Not allowed: ${escapeMrkdwn(error.message)}`;
  } else if (error instanceof PidbotError) {
    text = `:warning: ${escapeMrkdwn(action)} did not go through: ${escapeMrkdwn(error.message)}`;
  } else {
    const reference = randomUUID().slice(0, 8);
    logger.error('unexpected failure in a Slack interaction', { action, reference, err: error });
    text = `:x: ${escapeMrkdwn(action)} failed unexpectedly. The error was logged with reference \`${reference}\`; tell an operator.`;
  }
  return { text: truncate(text, 3000), blocks: [] };
}
