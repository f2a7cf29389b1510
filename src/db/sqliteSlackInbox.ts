import type { Kysely } from 'kysely';
import type { InboxEntry, SlackInbox } from '../ports/slackInbox.js';
import { sightingOf } from './replicaSighting.js';
import type { Database } from './schema.js';

export function createSlackInbox(db: Kysely<Database>): SlackInbox {
  return {
    async add(entry, ownerId) {
      const row = await db
        .insertInto('slack_inbox')
        .values({
          received_at: entry.receivedAt,
          retry_num: entry.retryNum,
          retry_reason: entry.retryReason,
          body: JSON.stringify(entry.body),
          processed_at: null,
          owner_id: ownerId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },
    async otherOwners(ownerId) {
      const rows = await db
        .selectFrom('slack_inbox')
        .leftJoin('replicas', 'replicas.id', 'slack_inbox.owner_id')
        .select(['slack_inbox.owner_id', 'replicas.host', 'replicas.pid', 'replicas.heartbeat_at'])
        .distinct()
        .where('slack_inbox.processed_at', 'is', null)
        .where((eb) => eb.or([eb('slack_inbox.owner_id', 'is', null), eb('slack_inbox.owner_id', '!=', ownerId)]))
        .execute();
      return rows.map((r) => ({ ownerId: r.owner_id, sighting: sightingOf(r.owner_id, r) }));
    },
    async takeOver(from, to) {
      const rows = await db
        .updateTable('slack_inbox')
        .set({ owner_id: to })
        .where('processed_at', 'is', null)
        .where('owner_id', from === null ? 'is' : '=', from)
        .returningAll()
        .execute();
      return rows
        .sort((a, b) => a.id - b.id)
        .map(
          (r): InboxEntry => ({
            id: r.id,
            receivedAt: r.received_at,
            retryNum: r.retry_num,
            retryReason: r.retry_reason,
            body: JSON.parse(r.body) as Record<string, unknown>,
          }),
        );
    },
    async markProcessed(id, at) {
      await db.updateTable('slack_inbox').set({ processed_at: at }).where('id', '=', id).execute();
    },
    async pruneProcessedBefore(before, limit) {
      const result = await db
        .deleteFrom('slack_inbox')
        .where(
          'id',
          'in',
          db
            .selectFrom('slack_inbox')
            .select('id')
            .where('processed_at', 'is not', null)
            .where('processed_at', '<', before)
            .limit(limit),
        )
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
