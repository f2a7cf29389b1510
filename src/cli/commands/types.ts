import { listRequestTypes } from '../../services/requests/listCatalogues.js';
import { defineCommand } from '../command.js';
import { printResult } from '../output.js';
import { renderTable } from '../table.js';
import { JSON_OPTION } from './sharedOptions.js';

export const types = defineCommand({
  words: ['types'],
  summary: 'List the request types (the identifiers a request can ask for).',
  options: { ...JSON_OPTION },
  notes: 'JSON: [{"name", "description"}]',
  async run({ options }, context) {
    const list = await listRequestTypes((await context.core()).deps);
    printResult(context, options.json, list, () =>
      renderTable(
        [
          { header: 'TYPE', value: (t) => t.name },
          { header: 'DESCRIPTION', value: (t) => t.description },
        ],
        list,
      ),
    );
  },
});
