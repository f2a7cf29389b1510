import type { Kysely } from 'kysely';
import type { InboxEntry, SlackInbox } from '../ports/slackInbox.js';
import type { Database } from './schema.js';

export function createSlackInbox(db: Kysely<Database>): SlackInbox {
  return {
    async add(entry) {
      const row = await db
        .insertInto('slack_inbox')
        .values({
          received_at: entry.receivedAt,
          retry_num: entry.retryNum,
          retry_reason: entry.retryReason,
          body: JSON.stringify(entry.body),
          processed_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },
    async unprocessed(afterId, limit) {
      const rows = await db
        .selectFrom('slack_inbox')
        .selectAll()
        .where('processed_at', 'is', null)
        .where('id', '>', afterId)
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map(
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
