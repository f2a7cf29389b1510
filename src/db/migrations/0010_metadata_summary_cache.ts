import type { Kysely } from 'kysely';

// Cards and App Home show a summary of each folder's metadata; validating a
// file of up to 1 MiB on every open is wasted work while the file is unchanged.
// The row holds the summary (null when the file is invalid) under the file's
// stamp, and is recomputed when the stamp differs.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('metadata_summaries')
    .addColumn('request_id', 'integer', (c) => c.primaryKey().references('requests.id').onDelete('cascade'))
    .addColumn('file_stamp', 'text', (c) => c.notNull())
    .addColumn('summary_json', 'text')
    .addColumn('checked_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('metadata_summaries').execute();
}
