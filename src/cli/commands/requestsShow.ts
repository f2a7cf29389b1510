import { resolveRequestReference } from '../../services/requests/findRequests.js';
import { showRequest } from '../../services/requests/showRequest.js';
import { requestReference } from '../arguments.js';
import { defineCommand } from '../command.js';
import { printResult } from '../output.js';
import { requestDetailsText } from '../requestViews.js';
import { ACTOR_OPTION, JSON_OPTION } from './sharedOptions.js';

export const requestsShow = defineCommand({
  words: ['requests', 'show'],
  summary: 'Show one request with its full status history.',
  arguments: { synopsis: '<id|DOI|ARK>', min: 1, max: 1 },
  options: { ...ACTOR_OPTION, ...JSON_OPTION },
  notes: 'JSON: {"request": {...}, "history": [{"fromStatus", "toStatus", "actorId", "comment", "at", ...}]}',
  async run({ options, argument }, context) {
    const { deps } = await context.core();
    const requestId = await resolveRequestReference(deps, options.as, requestReference(argument(0)));
    const details = await showRequest(deps, { actorId: options.as, requestId });
    printResult(context, options.json, details, () => requestDetailsText(details));
  },
});
