import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../sqlDialect.js';

/*
 * Identifier states and mint steps in the PID port's neutral words instead of
 * the PURL service's (reserved → draft, public → findable; the create and
 * update steps became reserve and publish), and the DOI a mint plans before its
 * first provider call. SQLite cannot alter a CHECK constraint, so both tables
 * are rebuilt with their rows mapped.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const dialect = dialectOf(db);
  await sql`create table identifiers_neutral (
    id ${dialect.autoIncrementKey},
    request_id integer not null unique references requests(id),
    item_id text not null unique,
    doi text not null unique,
    ark text,
    state text not null check (state in ('draft', 'findable', 'unavailable', 'deleted')),
    minted_at text not null,
    updated_at text not null,
    state_reason text,
    last_verified_at text,
    last_verify_ok integer,
    last_verify_message text
  )`.execute(db);
  await sql`insert into identifiers_neutral
    select id, request_id, item_id, doi, ark,
      case state when 'reserved' then 'draft' when 'public' then 'findable' else state end,
      minted_at, updated_at, state_reason, last_verified_at, last_verify_ok, last_verify_message
    from identifiers`.execute(db);
  await dialect.continueIdsAfterCopy(db, 'identifiers_neutral');
  await sql`drop table identifiers`.execute(db);
  await sql`alter table identifiers_neutral rename to identifiers`.execute(db);
  await db.schema.createIndex('identifiers_state_id').on('identifiers').columns(['state', 'id']).execute();
  await db.schema.createIndex('identifiers_state_request').on('identifiers').columns(['state', 'request_id']).execute();

  await sql`create table mint_journal_neutral (
    id ${dialect.autoIncrementKey},
    request_id integer not null references requests(id),
    item_id text not null,
    step text not null check (step in ('reserve', 'write_metadata', 'publish', 'move', 'complete')),
    status text not null check (status in ('running', 'failed', 'done')),
    resumed_from text,
    started_by text not null,
    started_at text not null,
    updated_at text not null,
    finished_at text,
    error text,
    planned_doi text
  )`.execute(db);
  const neutralStep = (column: string) =>
    sql.raw(`case ${column} when 'create' then 'reserve' when 'update' then 'publish' else ${column} end`);
  await sql`insert into mint_journal_neutral
    select id, request_id, item_id, ${neutralStep('step')}, status, ${neutralStep('resumed_from')},
      started_by, started_at, updated_at, finished_at, error, null
    from mint_journal`.execute(db);
  await dialect.continueIdsAfterCopy(db, 'mint_journal_neutral');
  await sql`drop table mint_journal`.execute(db);
  await sql`alter table mint_journal_neutral rename to mint_journal`.execute(db);
  await db.schema
    .createIndex('mint_journal_one_running_per_request')
    .unique()
    .on('mint_journal')
    .column('request_id')
    .where(sql.ref('status'), '=', 'running')
    .execute();
  await db.schema.createIndex('mint_journal_request').on('mint_journal').columns(['request_id', 'id']).execute();

  // Open alerts keep resolving under the neutral keys.
  await sql`update alerts set key = replace(key, 'purl-subsystem:', 'pid-subsystem:') where key like 'purl-subsystem:%'`.execute(
    db,
  );
  await sql`update alerts set key = 'pid-status-check' where key = 'purl-status-check'`.execute(db);
}
