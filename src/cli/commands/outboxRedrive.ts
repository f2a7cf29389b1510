import { redriveEvent } from '../../services/runtime/outboxRedrive.js';
import { wholeNumber } from '../arguments.js';
import { defineCommand } from '../command.js';
import { cliOrigin } from '../context.js';
import { printResult } from '../output.js';
import { ACTOR_OPTION, JSON_OPTION } from './sharedOptions.js';

export const outboxRedrive = defineCommand({
  words: ['outbox', 'redrive'],
  summary: 'Send a set-aside notification back to the bot for delivery (curators); recorded with who and the OS user.',
  arguments: { synopsis: '<id>', min: 1, max: 1 },
  options: { ...ACTOR_OPTION, ...JSON_OPTION },
  notes:
    'The running bot delivers it within its redelivery interval (30 s). Exit 1 when the event is unknown, delivered or still being retried.\n' +
    'JSON: {"redrive": {"eventId", "eventType", "actorId", "via", "previousAttempts", "previousError", "at"}}',
  async run({ options, argument }, context) {
    const redrive = await redriveEvent((await context.core()).deps, {
      actorId: options.as,
      eventId: wholeNumber(argument(0).replace(/^#/, ''), 'the event id'),
      via: cliOrigin(),
    });
    printResult(
      context,
      options.json,
      { redrive },
      () =>
        `Event #${redrive.eventId} (${redrive.eventType}) goes back to the bot for delivery; it had failed ${redrive.previousAttempts} times.`,
    );
  },
});
