import { mintIdentifier } from '../../services/minting/mintIdentifier.js';
import { requestId } from '../arguments.js';
import { defineCommand } from '../command.js';
import { printResult } from '../output.js';
import { ACTOR_OPTION, JSON_OPTION } from './sharedOptions.js';

export const mint = defineCommand({
  words: ['mint'],
  summary:
    'Mint the permanent identifier for a request (curators): reserve, write back, register, publish, move to curated.',
  arguments: { synopsis: '<id>', min: 1, max: 1 },
  options: { ...ACTOR_OPTION, ...JSON_OPTION },
  notes:
    "A failure part-way sets the request to Failed and prints the provider's error in full; minting again continues from the failed step.\n" +
    'JSON: {"request": {...}, "identifier": {"doi", "ark", "state", ...}, "resumedFrom": step|null}',
  async run({ options, argument }, context) {
    const result = await mintIdentifier((await context.core()).deps, {
      actorId: options.as,
      requestId: requestId(argument(0)),
    });
    const { request, identifier } = result;
    printResult(
      context,
      options.json,
      { request, identifier, resumedFrom: result.resumedFrom ?? null },
      () =>
        `Minted ${identifier.doi}${identifier.ark ? ` (${identifier.ark})` : ''} for request #${request.id}${result.resumedFrom ? `, continuing from "${result.resumedFrom}"` : ''}; ` +
        `it is ${identifier.state}, the request is ${request.status} and its folder is in ${request.area}.`,
    );
  },
});
