import { mintIdentifier } from '../../services/minting/mintIdentifier.js';
import { requestId } from '../arguments.js';
import { defineCommand } from '../command.js';
import { releasingOnInterrupt } from '../interruption.js';
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
    'Interrupted (Ctrl-C, SIGTERM), it leaves the attempt unfinished but not failed, and exits 130/143; minting again continues it.\n' +
    'JSON: {"request": {...}, "identifier": {"doi", "ark", "state", ...}, "resumedFrom": step|null}',
  async run({ options, argument }, context) {
    const { deps } = await context.core();
    const id = requestId(argument(0));
    const result = await releasingOnInterrupt(
      'pidbot mint',
      async (reason) =>
        (await deps.lease.release(reason)).length > 0
          ? `The mint of request #${id} is left unfinished, not failed; run pidbot mint ${id} again to continue it.`
          : 'Nothing was left running.',
      () => mintIdentifier(deps, { actorId: options.as, requestId: id }),
    );
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
