import type { Kysely } from 'kysely';

/**
 * Several bot processes (replicas) on one database. `replicas`: each running
 * process and its heartbeat, so another can tell whether work it started is
 * still in hand. `outbox_events.claimed_by`/`claim_expires_at`: the replica
 * delivering an event, until when (another delivers it after that).
 * `slack_inbox.owner_id`: the replica that acknowledged (or took on) a row.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('replicas')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('pid', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('heartbeat_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.alterTable('outbox_events').addColumn('claimed_by', 'text').execute();
  await db.schema.alterTable('outbox_events').addColumn('claim_expires_at', 'text').execute();
  // Claims are cleared on delivery, so the index holds the events being delivered right now.
  await db.schema.createIndex('outbox_events_claimed_by').on('outbox_events').column('claimed_by').execute();
  await db.schema.alterTable('slack_inbox').addColumn('owner_id', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('slack_inbox').dropColumn('owner_id').execute();
  await db.schema.dropIndex('outbox_events_claimed_by').execute();
  await db.schema.alterTable('outbox_events').dropColumn('claim_expires_at').execute();
  await db.schema.alterTable('outbox_events').dropColumn('claimed_by').execute();
  await db.schema.dropTable('replicas').execute();
}
