import type { Kysely } from 'kysely';
import type { MessageRefStore } from '../ports/messageRefs.js';
import type { Database } from './schema.js';

export function createMessageRefStore(db: Kysely<Database>): MessageRefStore {
  return {
    async find(requestId) {
      const row = await db
        .selectFrom('request_messages')
        .select(['channel_id', 'message_ts'])
        .where('request_id', '=', requestId)
        .executeTakeFirst();
      return row && { channelId: row.channel_id, ts: row.message_ts };
    },
    async save(requestId, ref) {
      await db
        .insertInto('request_messages')
        .values({
          request_id: requestId,
          channel_id: ref.channelId,
          message_ts: ref.ts,
          created_at: new Date().toISOString(),
        })
        .onConflict((oc) => oc.column('request_id').doUpdateSet({ channel_id: ref.channelId, message_ts: ref.ts }))
        .execute();
    },
  };
}
