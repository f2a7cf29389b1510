import { listStatusCodes } from '../../services/requests/listCatalogues.js';
import { defineCommand } from '../command.js';
import { printResult } from '../output.js';
import { renderTable } from '../table.js';
import { JSON_OPTION } from './sharedOptions.js';

export const codes = defineCommand({
  words: ['codes'],
  summary: 'List the status codes: built-in first, then those curators added.',
  options: { ...JSON_OPTION },
  notes: 'JSON: [{"code", "description", "builtin"}]',
  async run({ options }, context) {
    const list = await listStatusCodes((await context.core()).deps);
    printResult(context, options.json, list, () =>
      renderTable(
        [
          { header: 'CODE', value: (c) => c.code },
          { header: 'ORIGIN', value: (c) => (c.builtin ? 'built-in' : 'curator') },
          { header: 'DESCRIPTION', value: (c) => c.description },
        ],
        list,
      ),
    );
  },
});
