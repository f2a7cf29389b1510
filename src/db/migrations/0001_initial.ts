import { type Kysely, sql } from 'kysely';
import { BUILTIN_STATUS_CODES } from '../../domain/statusCodes.js';
import { dialectOf } from '../sqlDialect.js';

// Migrations are frozen once released: they take `Kysely<any>` on purpose, so a later
// schema change never rewrites history.
export async function up(db: Kysely<any>): Promise<void> {
  const now = new Date().toISOString();

  await db.schema
    .createTable('request_types')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('description', 'text', (c) => c.notNull())
    .execute();
  await db
    .insertInto('request_types')
    .values([
      { name: 'DOI', description: 'DataCite Digital Object Identifier' },
      { name: 'ARK', description: 'Archival Resource Key' },
    ])
    .execute();

  await db.schema
    .createTable('status_codes')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('builtin', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('status_codes_code_nocase')
    .unique()
    .on('status_codes')
    .expression(dialectOf(db).caseInsensitive('code'))
    .execute();
  await db
    .insertInto('status_codes')
    .values(
      BUILTIN_STATUS_CODES.map((s) => ({
        code: s.code,
        description: s.description,
        builtin: 1,
        created_by: null,
        created_at: now,
      })),
    )
    .execute();

  await db.schema
    .createTable('requests')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('requester_id', 'text', (c) => c.notNull())
    .addColumn('request_type', 'text', (c) => c.notNull().references('request_types.name'))
    .addColumn('folder_name', 'text', (c) => c.notNull())
    .addColumn('source_path', 'text', (c) => c.notNull())
    .addColumn('area', 'text', (c) => c.notNull().check(sql`area in ('home', 'staging', 'curated')`))
    .addColumn('status', 'text', (c) => c.notNull().references('status_codes.code'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .execute();
  // One open request per folder and type: enforced by the database, not only checked.
  await db.schema
    .createIndex('requests_one_open_per_folder_type')
    .unique()
    .on('requests')
    .columns(['folder_name', 'request_type'])
    .where(sql.ref('closed_at'), 'is', null)
    .execute();
  await db.schema.createIndex('requests_status_id').on('requests').columns(['status', 'id']).execute();
  await db.schema.createIndex('requests_requester_id').on('requests').columns(['requester_id', 'id']).execute();
  await db.schema.createIndex('requests_type_id').on('requests').columns(['request_type', 'id']).execute();

  await db.schema
    .createTable('status_history')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('request_id', 'integer', (c) => c.notNull().references('requests.id'))
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('status_history_request').on('status_history').columns(['request_id', 'id']).execute();
  // The history is append-only: the database itself refuses edits and deletions.
  await dialectOf(db).refuseEdits(db, 'status_history', 'status history is append-only');

  await db.schema
    .createTable('identifiers')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('request_id', 'integer', (c) => c.notNull().unique().references('requests.id'))
    .addColumn('item_id', 'text', (c) => c.notNull().unique())
    .addColumn('doi', 'text', (c) => c.notNull().unique())
    .addColumn('ark', 'text')
    .addColumn('state', 'text', (c) =>
      c.notNull().check(sql`state in ('reserved', 'public', 'unavailable', 'deleted')`),
    )
    .addColumn('minted_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('identifiers_state_id').on('identifiers').columns(['state', 'id']).execute();

  await db.schema
    .createTable('folder_permissions')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('request_id', 'integer', (c) => c.notNull().references('requests.id'))
    .addColumn('area', 'text', (c) => c.notNull())
    .addColumn('folder_name', 'text', (c) => c.notNull())
    .addColumn('principal_kind', 'text', (c) =>
      c.notNull().check(sql`principal_kind in ('user', 'curators', 'public')`),
    )
    .addColumn('principal_id', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull().check(sql`level in ('own', 'write', 'read')`))
    .addColumn('granted_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('folder_permissions_unique', ['area', 'folder_name', 'principal_kind', 'principal_id'])
    .execute();

  await db.schema
    .createTable('failed_attempts')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('input_json', 'text', (c) => c.notNull())
    .addColumn('problems_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('folder_moves')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('from_json', 'text', (c) => c.notNull())
    .addColumn('to_json', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('outcome', 'text')
    .execute();

  await db.schema
    .createTable('outbox_events')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('payload_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .execute();
  await db.schema.createIndex('outbox_undelivered').on('outbox_events').columns(['delivered_at', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'outbox_events',
    'folder_moves',
    'failed_attempts',
    'folder_permissions',
    'identifiers',
    'status_history',
    'requests',
    'status_codes',
    'request_types',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
