import { compareMetadata, type MetadataComparison } from '../../services/identifiers/compareMetadata.js';
import { requestId } from '../arguments.js';
import { defineCommand, EXIT } from '../command.js';
import { printResult } from '../output.js';
import { renderTable } from '../table.js';
import { ACTOR_OPTION, JSON_OPTION } from './sharedOptions.js';

export const metadata = defineCommand({
  words: ['metadata'],
  summary:
    "Compare an identifier's metadata in the folder with the registrar's, property by property (curators), as /pid metadata.",
  arguments: { synopsis: '<id>', min: 1, max: 1 },
  options: { ...ACTOR_OPTION, ...JSON_OPTION },
  notes:
    "Exit 0 when both sides were read (whether or not they differ; pidbot update sends the folder's), 1 when one could not be, with why.\n" +
    'JSON: {"identifier": {...}, "repository": {"ok", "summary"|"error"}, "registrar": {"ok", "summary"|"error"}, "rows": [{"name", "repository", "registrar", "same"}]}',
  async run({ options, argument }, context) {
    const id = requestId(argument(0));
    const comparison = await compareMetadata((await context.core()).deps, { actorId: options.as, requestId: id });
    printResult(context, options.json, comparison, () => comparisonText(id, comparison));
    return comparison.repository.ok && comparison.registrar.ok ? EXIT.ok : EXIT.failed;
  },
});

function comparisonText(id: number, { identifier, repository, registrar, rows }: MetadataComparison): string {
  const differing = rows.filter((row) => !row.same).length;
  const unread = [
    ...(repository.ok ? [] : [`Folder: ${repository.error}`]),
    ...(registrar.ok ? [] : [`Registrar: ${registrar.error}`]),
  ];
  const values = (list: string[]) => list.join(' | ') || '-';
  return [
    `${identifier.doi} (request #${id}): ${differing} of ${rows.length} properties differ between the folder and the registrar.`,
    ...unread,
    '',
    renderTable(
      [
        { header: 'PROPERTY', value: (row: MetadataComparison['rows'][number]) => row.name },
        { header: 'SAME', value: (row) => (row.same ? 'yes' : 'NO') },
        { header: 'FOLDER', value: (row) => values(row.repository) },
        { header: 'REGISTRAR', value: (row) => values(row.registrar) },
      ],
      rows,
    ),
  ].join('\n');
}
