import type { Kysely } from 'kysely';
import type { InboxEntry, SlackInbox } from '../ports/slackInbox.js';
import { sightingOf } from './replicaSighting.js';
import type { Database, InboxFileTables } from './schema.js';

const UNREGISTERED = { host: null, pid: null, heartbeat_at: null };

/**
 * The inbox over `db`: a PostgreSQL database's `slack_inbox` table, or a SQLite
 * install's inbox file (`inboxPathFor`); `replicas` is the database that
 * registers the replicas (the same PostgreSQL database, or the SQLite one
 * beside the file).
 */
export function createSlackInbox(
  db: Kysely<InboxFileTables>,
  replicas: Kysely<Pick<Database, 'replicas'>>,
): SlackInbox {
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
      const owners = await db
        .selectFrom('slack_inbox')
        .select('owner_id')
        .distinct()
        .where('processed_at', 'is', null)
        .where((eb) => eb.or([eb('owner_id', 'is', null), eb('owner_id', '!=', ownerId)]))
        .execute();
      const ids = owners.flatMap((o) => (o.owner_id === null ? [] : [o.owner_id]));
      // Two reads, not a join: on SQLite the rows and the replicas are in two files.
      const registered =
        ids.length === 0
          ? []
          : await replicas
              .selectFrom('replicas')
              .select(['id', 'host', 'pid', 'heartbeat_at'])
              .where('id', 'in', ids)
              .execute();
      return owners.map(({ owner_id }) => {
        const replica = registered.find((r) => r.id === owner_id);
        return { ownerId: owner_id, sighting: sightingOf(owner_id, replica ?? UNREGISTERED) };
      });
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
