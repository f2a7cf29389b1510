import { type ExportedRequest, exportRequests as exportedRequests } from '../../services/requests/exportRequests.js';
import { oneOf } from '../arguments.js';
import { defineCommand } from '../command.js';
import { csvLine } from '../csv.js';
import { ACTOR_OPTION } from './sharedOptions.js';

const CSV_COLUMNS: [string, (e: ExportedRequest) => string | number][] = [
  ['id', (e) => e.request.id],
  ['requester', (e) => e.request.requesterId],
  ['type', (e) => e.request.type],
  ['folder', (e) => e.request.folderName],
  ['area', (e) => e.request.area],
  ['status', (e) => e.request.status],
  ['title', (e) => e.request.title],
  ['created_at', (e) => e.request.createdAt],
  ['updated_at', (e) => e.request.updatedAt],
  ['doi', (e) => e.identifier?.doi ?? ''],
  ['ark', (e) => e.identifier?.ark ?? ''],
  ['identifier_state', (e) => e.identifier?.state ?? ''],
  ['minted_at', (e) => e.identifier?.mintedAt ?? ''],
];

export const exportRequests = defineCommand({
  words: ['export'],
  summary:
    'Write every request the user can see (all of them for a curator), with its identifier, to stdout as CSV or JSON.',
  options: {
    format: {
      type: 'string',
      placeholder: 'csv|json',
      description: 'CSV (RFC 4180, header row) or a JSON array of {request, identifier?}',
      required: true,
    },
    ...ACTOR_OPTION,
  },
  notes: `CSV columns: ${CSV_COLUMNS.map(([name]) => name).join(', ')}. Newest first. A CSV cell starting with = + - @, tab or CR gets a leading ' so a spreadsheet shows it as text, never runs it.`,
  async run({ options }, context) {
    const format = oneOf(options.format, ['csv', 'json'], '--format');
    const pages = exportedRequests((await context.core()).deps, { actorId: options.as });
    if (format === 'csv') {
      context.out(csvLine(CSV_COLUMNS.map(([name]) => name)));
      for await (const page of pages)
        for (const entry of page) context.out(csvLine(CSV_COLUMNS.map(([, value]) => value(entry))));
      return;
    }
    // Streamed a page at a time, so a large export never sits in memory as one string.
    let first = true;
    context.out('[');
    for await (const page of pages) {
      for (const entry of page) {
        context.out(`${first ? '' : ','}${JSON.stringify(entry)}`);
        first = false;
      }
    }
    context.out(']');
  },
});
