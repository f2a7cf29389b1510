import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('request_messages')
    .addColumn('request_id', 'integer', (c) => c.primaryKey().references('requests.id'))
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('message_ts', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('request_messages').execute();
}
