import type { Selectable } from 'kysely';
import type { StatusChange } from '../../domain/request.js';
import type { HistoryRepository } from '../../ports/repositories.js';
import type { StatusHistoryTable } from '../schema.js';
import type { Db } from './db.js';

function toStatusChange(row: Selectable<StatusHistoryTable>): StatusChange {
  return {
    id: row.id,
    requestId: row.request_id,
    fromStatus: row.from_status,
    toStatus: row.to_status,
    actorId: row.actor_id,
    comment: row.comment,
    at: row.created_at,
    ...(row.via !== null && { via: row.via }),
    ...(row.assignee_id !== null && { assigneeId: row.assignee_id }),
  };
}

/**
 * The append-only status history (the database refuses edits and deletions).
 * `via` says how this process's changes arrive (the CLI and its OS user); the
 * bot's, through Slack, have none.
 */
export function historyRepository(db: Db, via: string | null): HistoryRepository {
  return {
    async append(change) {
      const row = await db
        .insertInto('status_history')
        .values({
          request_id: change.requestId,
          from_status: change.fromStatus,
          to_status: change.toStatus,
          actor_id: change.actorId,
          comment: change.comment,
          created_at: change.at,
          via,
          assignee_id: change.assigneeId ?? null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toStatusChange(row);
    },
    async forRequest(requestId) {
      const rows = await db
        .selectFrom('status_history')
        .selectAll()
        .where('request_id', '=', requestId)
        .orderBy('id')
        .execute();
      return rows.map(toStatusChange);
    },
  };
}
