import { assertWithdrawable, reasonText } from '../../domain/identifier.js';
import { withdrawIdentifier } from '../../services/identifiers/withdrawIdentifier.js';
import { requestId } from '../arguments.js';
import { defineCommand } from '../command.js';
import { printResult } from '../output.js';
import { confirmIdentifierChange, YES_OPTION } from './confirmation.js';
import { ACTOR_OPTION, JSON_OPTION } from './sharedOptions.js';

export const withdraw = defineCommand({
  words: ['withdraw'],
  summary:
    "Withdraw a request's findable identifier (curators), as /pid withdraw: its landing page becomes a tombstone.",
  arguments: { synopsis: '<id>', min: 1, max: 1 },
  options: {
    reason: {
      type: 'string',
      placeholder: 'text',
      description: 'why, shown on the tombstone page and kept in the history (optional, at most 500 characters)',
    },
    ...YES_OPTION,
    ...ACTOR_OPTION,
    ...JSON_OPTION,
  },
  notes:
    'On a terminal it asks first (naming the DOI and its state at the registrar); otherwise --yes is required (exit 2 without it).\n' +
    'Only a findable identifier can be withdrawn; a draft is deleted instead (pidbot delete).\n' +
    'JSON: {"request": {...}, "identifier": {"doi", "state": "unavailable", "stateReason", ...}}',
  async run({ options, argument }, context) {
    const { deps } = await context.core();
    const target = { actorId: options.as, requestId: requestId(argument(0)) };
    const reason = options.reason ?? '';
    await confirmIdentifierChange(deps, target, {
      command: 'withdraw',
      yes: options.yes,
      consequence: `Its landing page becomes a tombstone${reason.trim() ? ` giving the reason "${reason.trim()}"` : ' with no reason given'}.`,
      allowed: assertWithdrawable,
    });
    const withdrawn = await withdrawIdentifier(deps, { ...target, reason });
    const { request, identifier } = withdrawn;
    printResult(
      context,
      options.json,
      withdrawn,
      () =>
        `Withdrew ${identifier.doi} (request #${request.id}): it is ${identifier.state}; ` +
        `the reason on its tombstone page: ${reasonText(identifier.stateReason)}.`,
    );
  },
});
