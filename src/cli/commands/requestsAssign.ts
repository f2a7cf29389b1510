import { assignRequest } from '../../services/requests/assignRequest.js';
import { requestId } from '../arguments.js';
import { defineCommand, UsageError } from '../command.js';
import { printResult } from '../output.js';
import { ACTOR_OPTION, JSON_OPTION } from './sharedOptions.js';

export const requestsAssign = defineCommand({
  words: ['requests', 'assign'],
  summary: 'Assign a request to a curator (curators): another curator by Slack user ID, or yourself with --me.',
  arguments: { synopsis: '<id> [<user>]', min: 1, max: 2 },
  options: {
    me: { type: 'boolean', description: 'assign it to the curator named by --as' },
    ...ACTOR_OPTION,
    ...JSON_OPTION,
  },
  notes:
    'The assignee must be a curator. The card in Slack, App Home and "/pid list mine" show the assignee; the history records who assigned it to whom.\n' +
    'JSON: {"request": {...}, "change": {...}|null (null: it was already assigned to them)}',
  async run({ options, positionals, argument }, context) {
    const id = requestId(argument(0));
    const named = positionals[1];
    if ((named === undefined) === !options.me)
      throw new UsageError('name the curator to assign, or give --me (not both)');
    const assigneeId = named ?? options.as;
    const { request, change } = await assignRequest((await context.core()).deps, {
      actorId: options.as,
      requestId: id,
      assigneeId,
    });
    printResult(context, options.json, { request, change: change ?? null }, () =>
      change
        ? `Request #${request.id} is assigned to ${assigneeId} (status ${request.status}).`
        : `Request #${request.id} was already assigned to ${assigneeId}; nothing changed.`,
    );
  },
});
