import type { Kysely } from 'kysely';

/*
 * Several replicas on one PostgreSQL: the scheduler runs on one of them, the
 * holder of a lease row it renews before `expires_at`; another replica takes
 * the row over once it has expired. Job runs record the process that runs
 * them and its heartbeat, so a replica taking the scheduler over interrupts
 * only runs whose owner is gone, not a sweep that a live CLI command runs.
 * Runs from before have no owner and count as gone.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('scheduler_leases')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('holder_id', 'text', (c) => c.notNull())
    .addColumn('holder_host', 'text', (c) => c.notNull())
    .addColumn('holder_pid', 'integer', (c) => c.notNull())
    .addColumn('acquired_at', 'text', (c) => c.notNull())
    .addColumn('renewed_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.alterTable('job_runs').addColumn('owner_id', 'text').execute();
  await db.schema.alterTable('job_runs').addColumn('owner_host', 'text').execute();
  await db.schema.alterTable('job_runs').addColumn('owner_pid', 'integer').execute();
  await db.schema.alterTable('job_runs').addColumn('heartbeat_at', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const column of ['heartbeat_at', 'owner_pid', 'owner_host', 'owner_id'])
    await db.schema.alterTable('job_runs').dropColumn(column).execute();
  await db.schema.dropTable('scheduler_leases').execute();
}
