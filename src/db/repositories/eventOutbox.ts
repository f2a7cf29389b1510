import { sql } from 'kysely';
import type { DomainEvent } from '../../domain/events.js';
import type { EventOutbox } from '../../ports/repositories.js';
import type { Db } from './db.js';

/** The transactional outbox of domain events. */
export function eventOutbox(db: Db): EventOutbox {
  return {
    async add(event, at) {
      await db
        .insertInto('outbox_events')
        .values({
          event_type: event.type,
          payload_json: JSON.stringify(event),
          created_at: at,
          delivered_at: null,
          attempts: 0,
          last_error: null,
        })
        .execute();
    },
    async undelivered(limit, maxAttempts) {
      const rows = await db
        .selectFrom('outbox_events')
        .selectAll()
        .where('delivered_at', 'is', null)
        .where('attempts', '<', maxAttempts)
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        id: r.id,
        event: JSON.parse(r.payload_json) as DomainEvent,
        attempts: r.attempts,
        completedHandlers: JSON.parse(r.completed_handlers) as string[],
      }));
    },
    async markHandlerDone(id, handler) {
      await db
        .updateTable('outbox_events')
        .set({ completed_handlers: sql<string>`json_insert(completed_handlers, '$[#]', ${handler})` })
        .where('id', '=', id)
        .execute();
    },
    async markDelivered(id, at) {
      await db.updateTable('outbox_events').set({ delivered_at: at }).where('id', '=', id).execute();
    },
    async markFailed(id, error) {
      await db
        .updateTable('outbox_events')
        .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: error.slice(0, 2000) }))
        .where('id', '=', id)
        .execute();
    },
    async pendingCounts(maxAttempts) {
      const row = await db
        .selectFrom('outbox_events')
        .select((eb) => [
          eb.fn.countAll<number>().filterWhere('attempts', '<', maxAttempts).as('backlog'),
          eb.fn.countAll<number>().filterWhere('attempts', '>=', maxAttempts).as('setAside'),
        ])
        .where('delivered_at', 'is', null)
        .executeTakeFirstOrThrow();
      return { backlog: Number(row.backlog), setAside: Number(row.setAside) };
    },
  };
}
