import { type Kysely, PostgresAdapter, type RawBuilder, sql } from 'kysely';
import { postgresRequestSearch } from './search/postgresRequestSearch.js';
import type { RequestSearchSql } from './search/requestSearchSql.js';
import { sqliteRequestSearch } from './search/sqliteRequestSearch.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations call this with their untyped `Kysely<any>`, as they must.
type AnyDb = Kysely<any>;

/**
 * The SQL that differs between SQLite and PostgreSQL, in one place. Migrations
 * and repositories write portable SQL (kysely's builders, `sql` with standard
 * syntax) and ask this adapter for the rest; SQLite-only SQL anywhere else is a
 * bug on PostgreSQL (CONTRIBUTING.md, "SQL on both databases").
 */
export interface SqlDialect {
  readonly name: 'sqlite' | 'postgres';
  /** The column definition of a raw `create table`'s integer key that numbers itself. */
  readonly autoIncrementKey: RawBuilder<unknown>;
  /** Rows of a table never updated nor deleted, in the order they were inserted. */
  readonly insertionOrder: RawBuilder<unknown>;
  /** An index expression that compares `column` without case (a unique index refuses `Foo` beside `foo`). */
  caseInsensitive(column: string): RawBuilder<unknown>;
  /** `column = value` compared without case (SQLite's `collate nocase`: ASCII letters only). */
  equalsIgnoringCase(column: string, value: string): RawBuilder<boolean>;
  /** `column` (a JSON array held as text) with `value` appended. */
  jsonArrayAppend(column: string, value: string): RawBuilder<string>;
  /** Makes the database itself refuse updates and deletes on `table`, failing with `message`. */
  refuseEdits(db: AnyDb, table: string, message: string): Promise<void>;
  /** After rows were copied into `table` with their own ids: the next generated id follows the largest. */
  continueIdsAfterCopy(db: AnyDb, table: string): Promise<void>;
  tableExists(db: AnyDb, table: string): Promise<boolean>;
  /** The schema unqualified names resolve to (PostgreSQL's `search_path`); undefined on SQLite. */
  currentSchema(db: AnyDb): Promise<string | undefined>;
  isUniqueViolation(error: unknown): boolean;
  /**
   * Ends a `select` that picks rows to claim: PostgreSQL locks them and skips rows another claim holds
   * (`for update skip locked`); SQLite needs nothing, its writers take turns.
   */
  readonly lockSkippingLocked: RawBuilder<unknown>;
  /** `/pid find`'s index: FTS5 on SQLite, a `tsvector` table on PostgreSQL (migration 0015). */
  readonly requestSearch: RequestSearchSql;
}

function errorCode(error: unknown): string {
  return error instanceof Error && 'code' in error ? String(error.code) : '';
}

const sqliteDialect: SqlDialect = {
  name: 'sqlite',
  autoIncrementKey: sql`integer primary key autoincrement`,
  insertionOrder: sql`rowid`,
  caseInsensitive: (column) => sql`${sql.ref(column)} collate nocase`,
  equalsIgnoringCase: (column, value) => sql<boolean>`${sql.ref(column)} = ${value} collate nocase`,
  jsonArrayAppend: (column, value) => sql<string>`json_insert(${sql.ref(column)}, '$[#]', ${value})`,
  async refuseEdits(db, table, message) {
    for (const [event, name] of [
      ['update', 'no_update'],
      ['delete', 'no_delete'],
    ] as const) {
      await sql`create trigger ${sql.id(`${table}_${name}`)} before ${sql.raw(event)} on ${sql.table(table)}
        begin select raise(abort, ${sql.lit(message)}); end`.execute(db);
    }
  },
  continueIdsAfterCopy: async () => undefined,
  async tableExists(db, table) {
    const rows = await sql`select name from sqlite_master where type = 'table' and name = ${table}`.execute(db);
    return rows.rows.length > 0;
  },
  currentSchema: async () => undefined,
  isUniqueViolation: (error) => errorCode(error).startsWith('SQLITE_CONSTRAINT_UNIQUE'),
  lockSkippingLocked: sql``,
  requestSearch: sqliteRequestSearch,
};

const postgresDialect: SqlDialect = {
  name: 'postgres',
  autoIncrementKey: sql`serial primary key`,
  // Only for tables whose rows are never updated nor deleted: their physical order is the insert order.
  insertionOrder: sql`ctid`,
  caseInsensitive: (column) => sql`(lower(${sql.ref(column)}))`,
  equalsIgnoringCase: (column, value) => sql<boolean>`lower(${sql.ref(column)}) = lower(${value})`,
  jsonArrayAppend: (column, value) =>
    sql<string>`(${sql.ref(column)}::jsonb || jsonb_build_array(${value}::text))::text`,
  async refuseEdits(db, table, message) {
    await sql`create or replace function pidbot_refuse_edit() returns trigger language plpgsql as $$
      begin raise exception '%', tg_argv[0]; end $$`.execute(db);
    for (const [event, name] of [
      ['update', 'no_update'],
      ['delete', 'no_delete'],
    ] as const) {
      await sql`create trigger ${sql.id(`${table}_${name}`)} before ${sql.raw(event)} on ${sql.table(table)}
        for each row execute function pidbot_refuse_edit(${sql.lit(message)})`.execute(db);
    }
  },
  async continueIdsAfterCopy(db, table) {
    await sql`select setval(pg_get_serial_sequence(${table}, 'id'), coalesce((select max(id) from ${sql.table(table)}), 0) + 1, false)`.execute(
      db,
    );
  },
  async tableExists(db, table) {
    const rows = await sql`select 1 from information_schema.tables
      where table_schema = current_schema() and table_name = ${table}`.execute(db);
    return rows.rows.length > 0;
  },
  async currentSchema(db) {
    const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
    return rows[0]?.schema;
  },
  isUniqueViolation: (error) => errorCode(error) === '23505',
  lockSkippingLocked: sql`for update skip locked`,
  requestSearch: postgresRequestSearch,
};

export const SQL_DIALECTS: readonly SqlDialect[] = [sqliteDialect, postgresDialect];

/** The adapter for the database `db` talks to. */
export function dialectOf(db: AnyDb): SqlDialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? postgresDialect : sqliteDialect;
}
