import type { Kysely } from 'kysely';

// Issue 14: App Home is re-published for those who opened it recently, with the filter they chose; reminders
// are sent at most once per interval for each subject (a request, or the curators' digest), across restarts.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('home_viewers')
    .addColumn('user_id', 'text', (c) => c.primaryKey())
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('filter_json', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema.createIndex('home_viewers_opened_at').on('home_viewers').column('opened_at').execute();
  await db.schema
    .createTable('reminders_sent')
    .addColumn('subject', 'text', (c) => c.primaryKey())
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .execute();
  // The curators' Home lists every open request oldest first.
  await db.schema.createIndex('requests_open_oldest').on('requests').columns(['closed_at', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('requests_open_oldest').execute();
  await db.schema.dropTable('reminders_sent').execute();
  await db.schema.dropTable('home_viewers').execute();
}
