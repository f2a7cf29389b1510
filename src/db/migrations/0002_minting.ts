import { type Kysely, sql } from 'kysely';

// Frozen once released, like 0001: `Kysely<any>` on purpose.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('mint_journal')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('request_id', 'integer', (c) => c.notNull().references('requests.id'))
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('step', 'text', (c) =>
      c.notNull().check(sql`step in ('create', 'write_metadata', 'update', 'publish', 'move', 'complete')`),
    )
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('running', 'failed', 'done')`))
    .addColumn('resumed_from', 'text')
    .addColumn('started_by', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('error', 'text')
    .execute();
  // The double-click guard lives in the database: one running mint per request, whatever the callers do.
  await db.schema
    .createIndex('mint_journal_one_running_per_request')
    .unique()
    .on('mint_journal')
    .column('request_id')
    .where(sql.ref('status'), '=', 'running')
    .execute();
  await db.schema.createIndex('mint_journal_request').on('mint_journal').columns(['request_id', 'id']).execute();

  await db.schema.alterTable('identifiers').addColumn('state_reason', 'text').execute();
  await db.schema.alterTable('identifiers').addColumn('last_verified_at', 'text').execute();
  await db.schema.alterTable('identifiers').addColumn('last_verify_ok', 'integer').execute();
  await db.schema.alterTable('identifiers').addColumn('last_verify_message', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const column of ['last_verify_message', 'last_verify_ok', 'last_verified_at', 'state_reason']) {
    await db.schema.alterTable('identifiers').dropColumn(column).execute();
  }
  await db.schema.dropTable('mint_journal').execute();
}
