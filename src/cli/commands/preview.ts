import { previewRegistrarPayload } from '../../services/minting/previewRegistrarPayload.js';
import { resolveRequestReference } from '../../services/requests/findRequests.js';
import { requestReference } from '../arguments.js';
import { defineCommand } from '../command.js';
import { printResult } from '../output.js';
import { ACTOR_OPTION, JSON_OPTION } from './sharedOptions.js';

export const preview = defineCommand({
  words: ['preview'],
  summary: 'Print the DataCite XML a mint of this request would send to the registrar (nothing is sent).',
  arguments: { synopsis: '<id|DOI|ARK>', min: 1, max: 1 },
  options: { ...ACTOR_OPTION, ...JSON_OPTION },
  notes: 'JSON: {"requestId", "json": the metadata as read, "xml": the registrar payload}',
  async run({ options, argument }, context) {
    const { deps } = await context.core();
    const requestId = await resolveRequestReference(deps, options.as, requestReference(argument(0)));
    const payload = await previewRegistrarPayload(deps, { actorId: options.as, requestId });
    printResult(context, options.json, payload, () => payload.xml.trimEnd());
  },
});
