import type { Kysely } from 'kysely';

/**
 * `slack_inbox`: each Slack interaction is written here before Slack gets its
 * 200, so one acknowledged and then lost to a crash is processed on restart
 * (Slack does not retry a request it saw answered).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('slack_inbox')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('retry_num', 'integer')
    .addColumn('retry_reason', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('processed_at', 'text')
    .execute();
  await db.schema.createIndex('slack_inbox_processed_at').on('slack_inbox').column('processed_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('slack_inbox').execute();
}
