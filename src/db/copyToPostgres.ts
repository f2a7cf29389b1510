import { existsSync } from 'node:fs';
import type SQLite from 'better-sqlite3';
import { type Kysely, sql } from 'kysely';
import { Conflict, SchemaMismatch } from '../domain/errors.js';
import {
  appliedMigrations,
  migrateToLatest,
  type OpenedDatabase,
  openSqlite,
  requireCurrentSchema,
} from './database.js';
import { KNOWN_MIGRATIONS } from './migrations/index.js';
import { openPostgres, redactedUrl } from './postgresDatabase.js';
import { INBOX_COLUMNS, inboxPathFor, requireKnownInboxLayout } from './slackInboxFile.js';
import { dialectOf } from './sqlDialect.js';

// biome-ignore lint/suspicious/noExplicitAny: tables are named at run time, from the migrated schema.
type AnyDb = Kysely<any>;

/** The search index (migration 0015): FTS5 on SQLite, a plain table on PostgreSQL; its rows move through the dialect's SQL. */
const SEARCH_INDEX = 'request_search';

/** A SQLite install keeps its Slack inbox in a file beside the database (`inboxPathFor`); its rows go to this table. */
const INBOX = 'slack_inbox';

/** A batch travels as one JSON parameter: at most this many rows, and about this many characters (large Slack bodies). */
const BATCH_ROWS = 5_000;
const BATCH_CHARS = 8_000_000;

export interface TableCount {
  table: string;
  rows: number;
}

export interface CopyOptions {
  /** Checks the source and the target and counts the rows, writing nothing anywhere. */
  dryRun: boolean;
  /** Called after each batch written: rows of `table` copied so far, of `total`. */
  onProgress?: (table: string, copied: number, total: number) => void;
}

export interface CopyReport {
  source: string;
  /** The target URL without its password. */
  target: string;
  dryRun: boolean;
  /** Migrations applied to the target (on a dry run: those that would be). */
  migrations: string[];
  /** Every table, in the order copied, with the source's row count (equal to the target's after a copy). */
  tables: TableCount[];
}

/** After the copy a table of the target holds another number of rows than the source: nothing was committed. */
export class CopyCountMismatch extends Error {}

/**
 * Copies the SQLite database at `sourcePath` into the PostgreSQL database `targetUrl` (`pidbot db copy`):
 * migrates the target to this build's schema, refuses a target that already holds pidbot rows, then copies
 * every table of the schema with its ids in one transaction, read from one snapshot of the source (a running
 * bot may keep writing to it), continues the id sequences past the copied ids and checks every table's row
 * count before committing. The tables are those a freshly migrated database has, so a table a new
 * migration adds is copied without naming it here.
 */
export async function copySqliteToPostgres(
  sourcePath: string,
  targetUrl: string,
  options: CopyOptions,
): Promise<CopyReport> {
  const seeded = await rowsMigrationsSeed();
  const tables = [...seeded.keys()];
  const source = openSqlite(sourcePath);
  const { db: target } = openPostgres(targetUrl, 1);
  const targetName = redactedUrl(targetUrl);
  try {
    await requireCurrentSchema(source.db, sourcePath);
    const rowsOf = sourceTables(source, sourcePath);
    await requireSchemaToFill(target, targetName);
    const applied = await appliedMigrations(target);
    if (applied.some((name) => !KNOWN_MIGRATIONS.includes(name)))
      throw new SchemaMismatch(targetName, applied.at(-1) ?? null, String(KNOWN_MIGRATIONS.at(-1)), true);
    await refuseTargetWithRows(target, targetName, seeded);
    return await withReadSnapshot(source.sqlite, async () => {
      const counts = tables.map((table) => ({ table, rows: countRows(source.sqlite, rowsOf(table)) }));
      const report = { source: sourcePath, target: targetName, dryRun: options.dryRun };
      if (options.dryRun)
        return { ...report, tables: counts, migrations: KNOWN_MIGRATIONS.filter((name) => !applied.includes(name)) };
      const migrations = await migrateToLatest(target);
      const ordered = await inDependencyOrder(target, await requireSameTables(target, tables));
      const orderedCounts = ordered.map((table) => counts.find((c) => c.table === table) as TableCount);
      await target.transaction().execute(async (trx) => {
        await refuseTargetWithRows(trx, targetName, seeded);
        await fillTables(source, rowsOf, trx, orderedCounts, seeded, options.onProgress);
        await requireEqualCounts(trx, counts);
      });
      return { ...report, tables: orderedCounts, migrations };
    });
  } finally {
    await target.destroy();
    await source.close();
  }
}

/** The target answers and names a schema to create the tables in (`search_path` may name one that does not exist). */
async function requireSchemaToFill(db: AnyDb, targetName: string): Promise<void> {
  const schema = await dialectOf(db)
    .currentSchema(db)
    .catch((error: unknown) => {
      throw new Error(`Cannot reach ${targetName}: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    });
  if (schema === undefined || schema === null)
    throw new Error(
      `${targetName} names no existing schema to copy into (its search_path); create the schema first, then copy again.`,
    );
}

/**
 * Copies every table, in `tables`' (dependency) order, into the target's open transaction; then the
 * sequences continue past the copied ids. User triggers are off meanwhile: what they derive (the search
 * index) is copied as the source holds it, and on re-enabling nothing is recomputed.
 */
async function fillTables(
  source: OpenedDatabase,
  rowsOf: (table: string) => string,
  trx: AnyDb,
  tables: TableCount[],
  seeded: Map<string, number>,
  onProgress: CopyOptions['onProgress'],
): Promise<void> {
  for (const { table } of tables) await sql`alter table ${sql.table(table)} disable trigger user`.execute(trx);
  // Rows the migrations seed (built-in status codes, request types) give way to the source's own.
  for (const { table } of [...tables].reverse()) {
    if ((seeded.get(table) ?? 0) > 0) await sql`delete from ${sql.table(table)}`.execute(trx);
  }
  for (const { table, rows } of tables) await copyTable(source, rowsOf(table), trx, table, rows, onProgress);
  for (const { table } of tables) await sql`alter table ${sql.table(table)} enable trigger user`.execute(trx);
  for (const table of await tablesWithSerialIds(trx)) await dialectOf(trx).continueIdsAfterCopy(trx, table);
}

/**
 * Every table of this build's schema (kysely's own left out) with the rows its migrations insert, taken
 * from a database migrated in memory: the target may hold exactly those before a copy, and gives them up.
 */
async function rowsMigrationsSeed(): Promise<Map<string, number>> {
  const fresh = openSqlite(':memory:');
  try {
    await migrateToLatest(fresh.db);
    const names = fresh.sqlite
      .prepare(
        `select name from pragma_table_list where schema = 'main' and type in ('table', 'virtual')
           and name not like 'sqlite%' and name not like 'kysely%' order by name`,
      )
      .pluck()
      .all() as string[];
    return new Map(names.map((name) => [name, countRows(fresh.sqlite, `"${name}"`)]));
  } finally {
    await fresh.close();
  }
}

/** `from`: a table's name, quoted, or a subquery (see sourceTables). */
function countRows(sqlite: SQLite.Database, from: string): number {
  return sqlite.prepare(`select count(*) from ${from}`).pluck().get() as number;
}

/**
 * What to read each table from, in a `from` clause: the table itself, but for
 * `slack_inbox` also the inbox file beside the source, attached. The read
 * transaction takes each file's snapshot at its first read, so rows a running
 * bot adds between the two stay behind like any write after the snapshot
 * (stop the bot for the copy that counts). An id in both files is a row an
 * earlier pidbot was moving into the file when it stopped: one row.
 */
function sourceTables(source: OpenedDatabase, sourcePath: string): (table: string) => string {
  const inboxPath = inboxPathFor(sourcePath);
  const withInboxFile = inboxPath !== sourcePath && existsSync(inboxPath);
  if (withInboxFile) {
    source.sqlite.prepare('attach database ? as inbox').run(inboxPath);
    requireKnownInboxLayout(source.sqlite.pragma('inbox.user_version', { simple: true }) as number, inboxPath);
  }
  return (table) =>
    table === INBOX && withInboxFile
      ? `(select id, ${INBOX_COLUMNS} from main.${INBOX} union all select id, ${INBOX_COLUMNS} from inbox.${INBOX}
          where id not in (select id from main.${INBOX})) as ${INBOX}`
      : `"${table}"`;
}

/** Runs `read` inside one read transaction of the source: every table is read from the same snapshot. */
async function withReadSnapshot<T>(sqlite: SQLite.Database, read: () => Promise<T>): Promise<T> {
  // A deferred BEGIN takes no lock; in WAL mode the first read fixes the snapshot and writers carry on.
  sqlite.exec('begin deferred');
  try {
    return await read();
  } finally {
    sqlite.exec('rollback');
  }
}

/** Refuses (a `Conflict` naming each table and its count) a target holding rows other than those its migrations insert. */
async function refuseTargetWithRows(db: AnyDb, targetName: string, seeded: Map<string, number>): Promise<void> {
  const found: string[] = [];
  for (const [table, seededRows] of seeded) {
    if (!(await dialectOf(db).tableExists(db, table))) continue;
    const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db);
    const count = rows[0]?.n ?? 0;
    if (count > seededRows) found.push(`${table} has ${count} row(s)`);
  }
  if (found.length > 0)
    throw new Conflict(
      `${targetName} already holds pidbot rows (${found.join(', ')}); pidbot db copy only fills an empty database. Copy into a new database or schema; nothing was changed.`,
    );
}

/** The target's tables after migrating must be the schema's: a difference means a migration made something the copy would miss. */
async function requireSameTables(db: AnyDb, tables: string[]): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not like 'kysely%'`.execute(db);
  const names = rows.map((r) => r.name);
  const missing = tables.filter((t) => !names.includes(t));
  const extra = names.filter((t) => !tables.includes(t));
  if (missing.length > 0 || extra.length > 0)
    throw new Error(
      `The migrated target's tables differ from the schema's (missing: ${missing.join(', ') || 'none'}; unexpected: ${extra.join(', ') || 'none'}); the target was migrated but nothing was copied.`,
    );
  return tables;
}

/** `tables` ordered so that every table comes after those its foreign keys reference. */
async function inDependencyOrder(db: AnyDb, tables: string[]): Promise<string[]> {
  const { rows } = await sql<{ child: string; parent: string }>`
    select child.relname as child, parent.relname as parent from pg_constraint c
    join pg_class child on child.oid = c.conrelid join pg_class parent on parent.oid = c.confrelid
    where c.contype = 'f' and c.connamespace = (select oid from pg_namespace where nspname = current_schema())`.execute(
    db,
  );
  const ordered: string[] = [];
  const pending = new Set(tables);
  while (pending.size > 0) {
    const ready = [...pending].filter((table) =>
      rows.every((r) => r.child !== table || r.parent === table || !pending.has(r.parent)),
    );
    if (ready.length === 0) throw new Error(`Foreign keys form a cycle among ${[...pending].join(', ')}`);
    for (const table of ready) {
      ordered.push(table);
      pending.delete(table);
    }
  }
  return ordered;
}

/** Copies `table` in batches, each one insert of a JSON array of rows, keeping every column's value (ids too). */
async function copyTable(
  source: OpenedDatabase,
  from: string,
  target: AnyDb,
  table: string,
  total: number,
  onProgress: CopyOptions['onProgress'],
): Promise<void> {
  const { rows: columnRows } = await sql<{ name: string }>`select column_name as name from information_schema.columns
    where table_schema = current_schema() and table_name = ${table} and is_generated = 'NEVER'
    order by ordinal_position`.execute(target);
  const columns = columnRows.map((c) => c.name);
  const read =
    table === SEARCH_INDEX
      ? dialectOf(source.db).requestSearch.rowsForCopy.compile(source.db).sql
      : `select ${columns.map((c) => `"${c}"`).join(', ')} from ${from}`;
  const list = sql.join(columns.map((c) => sql.ref(c)));
  let batch: string[] = [];
  let chars = 0;
  let copied = 0;
  // One insert in flight while the next batch is read and serialised: SQLite and PostgreSQL work at once.
  let inFlight: Promise<void> = Promise.resolve();
  const flush = async () => {
    const rows = batch;
    batch = [];
    chars = 0;
    await inFlight;
    inFlight = sql`insert into ${sql.table(table)} (${list})
      select ${list} from json_populate_recordset(null::${sql.table(table)}, ${`[${rows.join(',')}]`})`
      .execute(target)
      .then(() => {
        copied += rows.length;
        onProgress?.(table, copied, total);
      });
    // Awaited at the next flush or at the end; should reading the source fail first, the transaction's rollback reports it.
    inFlight.catch(() => undefined);
  };
  for (const row of source.sqlite.prepare(read).iterate()) {
    const json = JSON.stringify(row);
    batch.push(json);
    chars += json.length;
    if (batch.length === BATCH_ROWS || chars >= BATCH_CHARS) await flush();
  }
  if (batch.length > 0) await flush();
  await inFlight;
}

/** Tables whose `id` numbers itself (a sequence): the next id must follow the copied ones. */
async function tablesWithSerialIds(db: AnyDb): Promise<string[]> {
  const { rows } = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = current_schema() and column_default like 'nextval(%'`.execute(db);
  // The dialect continues a table's `id`; another column with a sequence would be left behind, so stop here.
  const other = rows.find((r) => r.column_name !== 'id');
  if (other)
    throw new Error(
      `${other.table_name}.${other.column_name} numbers itself, and db copy continues only columns named id; nothing was committed.`,
    );
  return rows.map((r) => r.table_name);
}

async function requireEqualCounts(db: AnyDb, counts: TableCount[]): Promise<void> {
  const differing: string[] = [];
  for (const { table, rows } of counts) {
    const result = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db);
    const copied = result.rows[0]?.n ?? 0;
    if (copied !== rows) differing.push(`${table}: ${rows} in the source, ${copied} in the target`);
  }
  if (differing.length > 0)
    throw new CopyCountMismatch(`The copy's row counts differ (${differing.join('; ')}); nothing was committed.`);
}
