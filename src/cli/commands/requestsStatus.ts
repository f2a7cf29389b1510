import { setRequestStatus } from '../../services/requests/setRequestStatus.js';
import { requestId } from '../arguments.js';
import { defineCommand } from '../command.js';
import { printResult } from '../output.js';
import { ACTOR_OPTION, JSON_OPTION } from './sharedOptions.js';

export const requestsStatus = defineCommand({
  words: ['requests', 'status'],
  summary: "Set a request's status (curators): an existing code, or a new one that is kept for reuse.",
  arguments: { synopsis: '<id> <code>', min: 2, max: 2 },
  options: {
    comment: {
      type: 'string',
      placeholder: 'text',
      description: 'a comment kept in the history and sent to the requester',
    },
    description: {
      type: 'string',
      placeholder: 'text',
      description: 'what a new status code means (ignored for existing codes)',
    },
    ...ACTOR_OPTION,
    ...JSON_OPTION,
  },
  notes: 'JSON: {"request": {...}, "change": {...}|null (null: it already had that status), "createdCode": boolean}',
  async run({ options, argument }, context) {
    const outcome = await setRequestStatus((await context.core()).deps, {
      actorId: options.as,
      requestId: requestId(argument(0)),
      status: argument(1),
      comment: options.comment,
      newCodeDescription: options.description,
    });
    const { request, change } = outcome;
    printResult(context, options.json, { request, change: change ?? null, createdCode: outcome.createdCode }, () =>
      change
        ? `Request #${request.id}: ${change.fromStatus ?? '-'} -> ${change.toStatus}${outcome.createdCode ? ` (new status code "${change.toStatus}" saved)` : ''}.`
        : `Request #${request.id} already has status ${request.status}; nothing changed.`,
    );
  },
});
