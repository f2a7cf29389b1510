import type { Kysely } from 'kysely';
import type { SlackDeliveryLog } from '../ports/slackDeliveries.js';
import { sightingOf } from './replicaSighting.js';
import type { Database } from './schema.js';

export function createSlackDeliveryLog(db: Kysely<Database>): SlackDeliveryLog {
  return {
    async recordSeen(key, handledBy, at) {
      const result = await db
        .insertInto('slack_deliveries')
        .values({ delivery_key: key, seen_at: at, handled_by: handledBy, processed_at: null })
        .onConflict((oc) => oc.column('delivery_key').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
    async find(key) {
      const row = await db
        .selectFrom('slack_deliveries')
        .leftJoin('replicas', 'replicas.id', 'slack_deliveries.handled_by')
        .select(['handled_by', 'processed_at', 'replicas.host', 'replicas.pid', 'replicas.heartbeat_at'])
        .where('delivery_key', '=', key)
        .executeTakeFirst();
      return (
        row && {
          handledBy: row.handled_by,
          handler: sightingOf(row.handled_by, row),
          processedAt: row.processed_at,
        }
      );
    },
    async takeOver(key, from, to, at) {
      const result = await db
        .updateTable('slack_deliveries')
        .set({ handled_by: to, seen_at: at })
        .where('delivery_key', '=', key)
        .where('handled_by', '=', from)
        .where('processed_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async markProcessed(key, at) {
      await db.updateTable('slack_deliveries').set({ processed_at: at }).where('delivery_key', '=', key).execute();
    },
    async forgetSeenBefore(before, limit) {
      const result = await db
        .deleteFrom('slack_deliveries')
        .where(
          'delivery_key',
          'in',
          db.selectFrom('slack_deliveries').select('delivery_key').where('seen_at', '<', before).limit(limit),
        )
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
