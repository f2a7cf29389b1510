import { type Kysely, sql } from 'kysely';

// Frozen once released, like 0001: `Kysely<any>` on purpose.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('job_runs')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('job', 'text', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('outcome', 'text', (c) =>
      c.notNull().check(sql`outcome in ('running', 'succeeded', 'failed', 'interrupted', 'skipped')`),
    )
    .addColumn('counts_json', 'text', (c) => c.notNull())
    .addColumn('checkpoint_json', 'text')
    .addColumn('resumed_from', 'integer', (c) => c.references('job_runs.id'))
    .addColumn('error', 'text')
    .execute();
  // Never two runs of one job at once, whoever starts them: the database refuses the second.
  await db.schema
    .createIndex('job_runs_one_running_per_job')
    .unique()
    .on('job_runs')
    .column('job')
    .where(sql.ref('outcome'), '=', 'running')
    .execute();
  await db.schema.createIndex('job_runs_job_id').on('job_runs').columns(['job', 'id']).execute();

  await db.schema
    .createTable('alerts')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('raised_at', 'text', (c) => c.notNull())
    .addColumn('last_notified_at', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'text')
    .addColumn('channel_id', 'text')
    .addColumn('message_ts', 'text')
    .execute();
  // One open alert per problem: a second raise is a bug the database refuses, not a second message.
  await db.schema
    .createIndex('alerts_one_open_per_key')
    .unique()
    .on('alerts')
    .column('key')
    .where(sql.ref('resolved_at'), 'is', null)
    .execute();

  // The verify sweep pages through public identifiers by request id.
  await db.schema.createIndex('identifiers_state_request').on('identifiers').columns(['state', 'request_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('identifiers_state_request').execute();
  await db.schema.dropTable('alerts').execute();
  await db.schema.dropTable('job_runs').execute();
}
