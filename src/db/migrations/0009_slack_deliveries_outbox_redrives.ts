import type { Kysely } from 'kysely';

/**
 * `slack_deliveries`: Slack deliveries seen and processed, so replays are dropped
 * across restarts. `outbox_redrives`: the audit of set-aside events an operator
 * sent back to the relay (no foreign key: pruning delivered events keeps their audit).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('slack_deliveries')
    .addColumn('delivery_key', 'text', (c) => c.primaryKey())
    .addColumn('seen_at', 'text', (c) => c.notNull())
    .addColumn('handled_by', 'text', (c) => c.notNull())
    .addColumn('processed_at', 'text')
    .execute();
  await db.schema.createIndex('slack_deliveries_seen_at').on('slack_deliveries').column('seen_at').execute();
  await db.schema
    .createTable('outbox_redrives')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('event_id', 'integer', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('via', 'text', (c) => c.notNull())
    .addColumn('previous_attempts', 'integer', (c) => c.notNull())
    .addColumn('previous_error', 'text')
    .addColumn('redriven_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('outbox_redrives').execute();
  await db.schema.dropTable('slack_deliveries').execute();
}
