import { listSetAsideEvents, type SetAsideEvent } from '../../services/runtime/outboxRedrive.js';
import { defineCommand } from '../command.js';
import { printResult } from '../output.js';
import { renderTable } from '../table.js';
import { JSON_OPTION } from './sharedOptions.js';

export const outboxList = defineCommand({
  words: ['outbox', 'list'],
  summary: 'List notifications set aside after 8 failed deliveries, oldest first, with their last error.',
  options: { ...JSON_OPTION },
  notes:
    'Send one back to the bot with "pidbot outbox redrive <id> --as <curator>".\n' +
    'JSON: {"events": [{"id", "type", "requestId"|null, "attempts", "lastError"|null, "createdAt"}]}',
  async run({ options }, context) {
    const events = await listSetAsideEvents((await context.core()).deps);
    printResult(context, options.json, { events }, () =>
      events.length === 0
        ? 'No set-aside events.'
        : renderTable(
            [
              { header: 'ID', value: (e: SetAsideEvent) => String(e.id) },
              { header: 'TYPE', value: (e) => e.type },
              { header: 'REQUEST', value: (e) => (e.requestId === null ? '' : `#${e.requestId}`) },
              { header: 'ATTEMPTS', value: (e) => String(e.attempts) },
              { header: 'CREATED', value: (e) => e.createdAt },
              { header: 'LAST ERROR', value: (e) => e.lastError ?? '' },
            ],
            events,
          ),
    );
  },
});
