import type { Selectable } from 'kysely';
import type { DomainEvent } from '../../domain/events.js';
import type { EventOutbox, OutboxEntry } from '../../ports/repositories.js';
import type { OutboxEventsTable } from '../schema.js';
import { dialectOf } from '../sqlDialect.js';
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
        .set({ completed_handlers: dialectOf(db).jsonArrayAppend('completed_handlers', handler) })
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
    async setAside(maxAttempts, limit) {
      const rows = await db
        .selectFrom('outbox_events')
        .selectAll()
        .where('delivered_at', 'is', null)
        .where('attempts', '>=', maxAttempts)
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map(entryOf);
    },
    async find(id) {
      const row = await db.selectFrom('outbox_events').selectAll().where('id', '=', id).executeTakeFirst();
      return row && entryOf(row);
    },
    async redrive(id, maxAttempts) {
      const result = await db
        .updateTable('outbox_events')
        .set({ attempts: 0 })
        .where('id', '=', id)
        .where('delivered_at', 'is', null)
        .where('attempts', '>=', maxAttempts)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async recordRedrive(r) {
      await db
        .insertInto('outbox_redrives')
        .values({
          event_id: r.eventId,
          event_type: r.eventType,
          actor_id: r.actorId,
          via: r.via,
          previous_attempts: r.previousAttempts,
          previous_error: r.previousError,
          redriven_at: r.at,
        })
        .execute();
    },
    async redrives(eventId) {
      const rows = await db
        .selectFrom('outbox_redrives')
        .selectAll()
        .where('event_id', '=', eventId)
        .orderBy('id')
        .execute();
      return rows.map((r) => ({
        eventId: r.event_id,
        eventType: r.event_type,
        actorId: r.actor_id,
        via: r.via,
        previousAttempts: r.previous_attempts,
        previousError: r.previous_error,
        at: r.redriven_at,
      }));
    },
    async pruneDelivered(before, limit) {
      const result = await db
        .deleteFrom('outbox_events')
        .where(
          'id',
          'in',
          db
            .selectFrom('outbox_events')
            .select('id')
            .where('delivered_at', 'is not', null)
            .where('delivered_at', '<', before)
            .orderBy('delivered_at')
            .limit(limit),
        )
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

function entryOf(row: Selectable<OutboxEventsTable>): OutboxEntry {
  return {
    id: row.id,
    event: JSON.parse(row.payload_json) as DomainEvent,
    attempts: row.attempts,
    lastError: row.last_error,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
  };
}
