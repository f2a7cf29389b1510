import { assertDeletable } from '../../domain/identifier.js';
import { deleteIdentifier } from '../../services/identifiers/deleteIdentifier.js';
import { requestId } from '../arguments.js';
import { defineCommand } from '../command.js';
import { printResult } from '../output.js';
import { confirmIdentifierChange, YES_OPTION } from './confirmation.js';
import { ACTOR_OPTION, JSON_OPTION } from './sharedOptions.js';

export const deleteDraft = defineCommand({
  words: ['delete'],
  summary:
    "Delete a request's draft (reserved, never published) identifier (curators), as /pid delete; minting again reserves a new one.",
  arguments: { synopsis: '<id>', min: 1, max: 1 },
  options: { ...YES_OPTION, ...ACTOR_OPTION, ...JSON_OPTION },
  notes:
    'On a terminal it asks first (naming the DOI and its state at the registrar); otherwise --yes is required (exit 2 without it).\n' +
    'A findable identifier is refused (exit 1): withdraw it instead (pidbot withdraw).\n' +
    'JSON: {"request": {...}, "identifier": {"doi", "state": "deleted", ...}}',
  async run({ options, argument }, context) {
    const { deps } = await context.core();
    const target = { actorId: options.as, requestId: requestId(argument(0)) };
    await confirmIdentifierChange(deps, target, {
      command: 'delete',
      yes: options.yes,
      consequence: 'The DOI is given up for good.',
      allowed: assertDeletable,
    });
    const deleted = await deleteIdentifier(deps, target);
    const { request, identifier } = deleted;
    printResult(
      context,
      options.json,
      deleted,
      () =>
        `Deleted the draft identifier ${identifier.doi} of request #${request.id}; minting again reserves a new one.`,
    );
  },
});
