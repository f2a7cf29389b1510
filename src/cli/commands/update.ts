import { pushMetadataUpdate } from '../../services/identifiers/pushMetadataUpdate.js';
import { requestId } from '../arguments.js';
import { defineCommand } from '../command.js';
import { printResult } from '../output.js';
import { ACTOR_OPTION, JSON_OPTION } from './sharedOptions.js';

export const update = defineCommand({
  words: ['update'],
  summary:
    "Send the folder's current datacite.json and target URL to the registrar (curators), as /pid update, after correcting a minted folder.",
  arguments: { synopsis: '<id>', min: 1, max: 1 },
  options: { ...ACTOR_OPTION, ...JSON_OPTION },
  notes:
    'The metadata is validated first: with problems, each is listed and nothing is sent (exit 1).\n' +
    'JSON: {"request": {...}, "identifier": {...}}',
  async run({ options, argument }, context) {
    const pushed = await pushMetadataUpdate((await context.core()).deps, {
      actorId: options.as,
      requestId: requestId(argument(0)),
    });
    printResult(
      context,
      options.json,
      pushed,
      () =>
        `Sent the folder's metadata of ${pushed.identifier.doi} (request #${pushed.request.id}) and its target URL to the registrar.`,
    );
  },
});
