import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../sqlDialect.js';

/*
 * Who runs a mint attempt and folder move: the owning process (an id fresh at
 * every start, its host and pid) and, for attempts, a heartbeat. Start-up
 * recovery and `pidbot reconcile` take over only what a gone or silent owner
 * left. A mint released by an interrupted or stopping process is `interrupted`
 * (resumable, not failed). SQLite cannot alter a CHECK constraint, so
 * mint_journal is rebuilt; rows from before have no owner and count as gone.
 * Status history also records how a change arrived when it was not through
 * Slack (`via`: the CLI and the OS user who ran it).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const dialect = dialectOf(db);
  await sql`create table mint_journal_owned (
    id ${dialect.autoIncrementKey},
    request_id integer not null references requests(id),
    item_id text not null,
    step text not null check (step in ('reserve', 'write_metadata', 'publish', 'move', 'complete')),
    status text not null check (status in ('running', 'failed', 'done', 'interrupted')),
    resumed_from text,
    started_by text not null,
    started_at text not null,
    updated_at text not null,
    finished_at text,
    error text,
    planned_doi text,
    owner_id text,
    owner_host text,
    owner_pid integer,
    heartbeat_at text
  )`.execute(db);
  await sql`insert into mint_journal_owned
    select id, request_id, item_id, step, status, resumed_from, started_by, started_at, updated_at, finished_at,
      error, planned_doi, null, null, null, null
    from mint_journal`.execute(db);
  await dialect.continueIdsAfterCopy(db, 'mint_journal_owned');
  await sql`drop table mint_journal`.execute(db);
  await sql`alter table mint_journal_owned rename to mint_journal`.execute(db);
  await db.schema
    .createIndex('mint_journal_one_running_per_request')
    .unique()
    .on('mint_journal')
    .column('request_id')
    .where(sql.ref('status'), '=', 'running')
    .execute();
  await db.schema.createIndex('mint_journal_request').on('mint_journal').columns(['request_id', 'id']).execute();

  await db.schema.alterTable('folder_moves').addColumn('owner_id', 'text').execute();
  await db.schema.alterTable('folder_moves').addColumn('owner_host', 'text').execute();
  await db.schema.alterTable('folder_moves').addColumn('owner_pid', 'integer').execute();

  await db.schema.alterTable('status_history').addColumn('via', 'text').execute();
}
