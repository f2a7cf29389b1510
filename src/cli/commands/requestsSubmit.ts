import { submitRequest } from '../../services/requests/submitRequest.js';
import { defineCommand } from '../command.js';
import { printResult } from '../output.js';
import { ACTOR_OPTION, JSON_OPTION } from './sharedOptions.js';

export const requestsSubmit = defineCommand({
  words: ['requests', 'submit'],
  summary: "Submit a request for a folder in the requester's home (DATA_STORE_ROOT/home/<user>/<folder>).",
  options: {
    folder: {
      type: 'string',
      placeholder: 'path',
      description: "the folder, relative to the requester's home",
      required: true,
    },
    type: {
      type: 'string',
      placeholder: 'type',
      description: 'the identifier type: DOI or ARK (see pidbot types)',
      required: true,
    },
    ...ACTOR_OPTION,
    ...JSON_OPTION,
  },
  notes:
    'Every problem with the folder and its datacite.json is listed at once; nothing moves unless all pass.\nJSON: the stored request.',
  async run({ options }, context) {
    const request = await submitRequest((await context.core()).deps, {
      requesterId: options.as,
      folderPath: options.folder,
      type: options.type,
    });
    printResult(
      context,
      options.json,
      request,
      () =>
        `Submitted request #${request.id} (${request.type}) for "${request.folderName}"; status ${request.status}, folder moved to ${request.area}.`,
    );
  },
});
