import type { ExpressionBuilder, Selectable } from 'kysely';
import type { DomainEvent } from '../../domain/events.js';
import type { EventOutbox, OutboxEntry, StoredEvent } from '../../ports/repositories.js';
import type { Database, OutboxEventsTable } from '../schema.js';
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
      return rows.map(storedOf);
    },
    async claimUndelivered({ claimant, now, until, limit, maxAttempts }) {
      const claimable = (eb: ExpressionBuilder<Database, 'outbox_events'>) =>
        eb.and([
          eb('delivered_at', 'is', null),
          eb('attempts', '<', maxAttempts),
          eb.or([eb('claim_expires_at', 'is', null), eb('claim_expires_at', '<', now)]),
        ]);
      const rows = await db
        .updateTable('outbox_events')
        .set({ claimed_by: claimant, claim_expires_at: until })
        .where((eb) =>
          eb.and([
            eb(
              'id',
              'in',
              db
                .selectFrom('outbox_events')
                .select('id')
                .where(claimable)
                .orderBy('id')
                .limit(limit)
                .modifyEnd(dialectOf(db).lockSkippingLocked),
            ),
            // Checked again on the row itself: PostgreSQL re-reads a row another claim just updated.
            claimable(eb),
          ]),
        )
        .returningAll()
        .execute();
      return rows.sort((a, b) => a.id - b.id).map(storedOf);
    },
    async renewClaims(claimant, until) {
      await db
        .updateTable('outbox_events')
        .set({ claim_expires_at: until })
        .where('claimed_by', '=', claimant)
        .where('delivered_at', 'is', null)
        .execute();
    },
    async releaseClaims(claimant) {
      await db
        .updateTable('outbox_events')
        .set({ claimed_by: null, claim_expires_at: null })
        .where('claimed_by', '=', claimant)
        .where('delivered_at', 'is', null)
        .execute();
    },
    async markHandlerDone(id, handler) {
      await db
        .updateTable('outbox_events')
        .set({ completed_handlers: dialectOf(db).jsonArrayAppend('completed_handlers', handler) })
        .where('id', '=', id)
        .execute();
    },
    async markDelivered(id, at) {
      await db
        .updateTable('outbox_events')
        .set({ delivered_at: at, claimed_by: null, claim_expires_at: null })
        .where('id', '=', id)
        .execute();
    },
    async markFailed(id, error) {
      await db
        .updateTable('outbox_events')
        .set((eb) => ({
          attempts: eb('attempts', '+', 1),
          last_error: error.slice(0, 2000),
          claimed_by: null,
          claim_expires_at: null,
        }))
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

function storedOf(row: Selectable<OutboxEventsTable>): StoredEvent {
  return {
    id: row.id,
    event: JSON.parse(row.payload_json) as DomainEvent,
    attempts: row.attempts,
    completedHandlers: JSON.parse(row.completed_handlers) as string[],
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
