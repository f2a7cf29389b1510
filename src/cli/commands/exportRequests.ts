import type { PidRequest } from '../../domain/request.js';
import { listRequests, MAX_PAGE_SIZE } from '../../services/listRequests.js';
import type { ServiceDeps } from '../../services/serviceDeps.js';
import { oneOf } from '../arguments.js';
import { defineCommand } from '../command.js';
import { ACTOR_OPTION } from './sharedOptions.js';

const CSV_COLUMNS: [string, (r: PidRequest) => string | number][] = [
  ['id', (r) => r.id],
  ['requester', (r) => r.requesterId],
  ['type', (r) => r.type],
  ['folder', (r) => r.folderName],
  ['area', (r) => r.area],
  ['status', (r) => r.status],
  ['title', (r) => r.title],
  ['created_at', (r) => r.createdAt],
  ['updated_at', (r) => r.updatedAt],
];

export const exportRequests = defineCommand({
  words: ['export'],
  summary: 'Write every request the user can see (all of them for a curator) to stdout as CSV or JSON.',
  options: {
    format: { type: 'string', placeholder: 'csv|json', description: 'CSV (RFC 4180, header row) or a JSON array of requests', required: true },
    ...ACTOR_OPTION,
  },
  notes: `CSV columns: ${CSV_COLUMNS.map(([name]) => name).join(', ')}. Newest first.`,
  async run({ options }, context) {
    const format = oneOf(options.format, ['csv', 'json'], '--format');
    const pages = requestPages((await context.core()).deps, options.as);
    if (format === 'csv') {
      context.out(csvLine(CSV_COLUMNS.map(([name]) => name)));
      for await (const page of pages) for (const request of page) context.out(csvLine(CSV_COLUMNS.map(([, value]) => value(request))));
      return;
    }
    // Streamed a page at a time, so a large export never sits in memory as one string.
    let first = true;
    context.out('[');
    for await (const page of pages) {
      for (const request of page) {
        context.out(`${first ? '' : ','}${JSON.stringify(request)}`);
        first = false;
      }
    }
    context.out(']');
  },
});

async function* requestPages(deps: ServiceDeps, actorId: string): AsyncGenerator<PidRequest[]> {
  let beforeId: number | undefined;
  do {
    const page = await listRequests(deps, { actorId, limit: MAX_PAGE_SIZE, beforeId });
    yield page.items;
    beforeId = page.nextBeforeId;
  } while (beforeId !== undefined);
}

/** RFC 4180: quote a field holding a comma, quote or line break, doubling its quotes; records end in CRLF (`out` adds the LF). */
function csvLine(fields: readonly (string | number)[]): string {
  return `${fields.map((field) => (/[",\r\n]/.test(String(field)) ? `"${String(field).replace(/"/g, '""')}"` : String(field))).join(',')}\r`;
}
