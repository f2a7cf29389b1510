import { listRequests } from '../../services/requests/listRequests.js';
import { wholeNumber } from '../arguments.js';
import { defineCommand } from '../command.js';
import { printResult } from '../output.js';
import { requestTable } from '../requestViews.js';
import { ACTOR_OPTION, JSON_OPTION } from './sharedOptions.js';

export const requestsList = defineCommand({
  words: ['requests', 'list'],
  summary: 'List requests, newest first, one page at a time (curators see all, anyone else their own).',
  options: {
    status: { type: 'string', placeholder: 'code', description: 'only requests with this status' },
    requester: { type: 'string', placeholder: 'user', description: "only this requester's requests (curators)" },
    type: { type: 'string', placeholder: 'type', description: 'only requests of this type (DOI, ARK)' },
    assignee: { type: 'string', placeholder: 'user', description: 'only requests assigned to this curator' },
    limit: { type: 'string', placeholder: 'n', description: 'page size, 1-100 (default 20)' },
    before: { type: 'string', placeholder: 'id', description: 'the page after this id (printed under each page)' },
    ...ACTOR_OPTION,
    ...JSON_OPTION,
  },
  notes: 'JSON: {"scope": "all"|"own", "items": [request...], "nextBeforeId": id|null}',
  async run({ options }, context) {
    const page = await listRequests((await context.core()).deps, {
      actorId: options.as,
      filter: {
        status: options.status,
        requesterId: options.requester,
        type: options.type,
        assigneeId: options.assignee,
      },
      limit: options.limit === undefined ? undefined : wholeNumber(options.limit, '--limit'),
      beforeId: options.before === undefined ? undefined : wholeNumber(options.before, '--before'),
    });
    const more = page.nextBeforeId === undefined ? [] : [`More: add --before ${page.nextBeforeId} for the next page.`];
    printResult(
      context,
      options.json,
      { scope: page.scope, items: page.items, nextBeforeId: page.nextBeforeId ?? null },
      () => [page.items.length > 0 ? requestTable(page.items) : 'No requests.', ...more].join('\n'),
    );
  },
});
