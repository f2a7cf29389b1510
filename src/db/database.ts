import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, sql } from 'kysely';
import { SchemaMismatch } from '../domain/errors.js';
import { ImmediateSqliteDialect } from './immediateSqliteDialect.js';
import { withKeptStatements } from './keptStatements.js';
import { KNOWN_MIGRATIONS, migrationProvider } from './migrations/index.js';
import { isPostgresUrl, openPostgres } from './postgresDatabase.js';
import type { Database } from './schema.js';
import { dialectOf, type SqlDialect } from './sqlDialect.js';

export interface OpenedDatabase {
  db: Kysely<Database>;
  dialect: SqlDialect;
  /** The raw handle, for online backup and pragmas; on PostgreSQL reading it throws (SQLite-only code). */
  readonly sqlite: SQLite.Database;
  close(): Promise<void>;
}

/** `DATABASE_URL`: a `postgres://` URL opens PostgreSQL; anything else is a SQLite file path. */
export function openDatabase(location: string): OpenedDatabase {
  if (!isPostgresUrl(location)) return openSqlite(location);
  const { db } = openPostgres(location);
  return {
    db,
    dialect: dialectOf(db),
    get sqlite(): never {
      throw new Error('this database is PostgreSQL: there is no SQLite handle');
    },
    close: () => db.destroy(),
  };
}

/** Opens (creating its directory) the SQLite file with WAL, foreign keys, a busy timeout and transactions that begin IMMEDIATE. */
export function openSqlite(path: string): OpenedDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: withKeptStatements(sqlite) }) });
  return { db, dialect: dialectOf(db), sqlite, close: () => db.destroy() };
}

export class MigrationFailed extends Error {}

/** Applies pending migrations, each in its own transaction; returns the names applied. */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  // On PostgreSQL kysely looks for its tables in every schema: name the one this connection works in.
  const schema = await dialectOf(db).currentSchema(db);
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    ...(schema !== undefined && { migrationTableSchema: schema }),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new MigrationFailed(
      `Database migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * Refuses a database whose applied migrations are not exactly the ones this
 * build knows (`SchemaMismatch` naming both versions); reads only, never migrates.
 */
export async function requireCurrentSchema(db: Kysely<Database>, databasePath: string): Promise<void> {
  const applied = await appliedMigrations(db);
  const expected = KNOWN_MIGRATIONS.at(-1) ?? 'none';
  const newest = applied.at(-1) ?? null;
  const unknown = applied.some((name) => !KNOWN_MIGRATIONS.includes(name));
  if (unknown) throw new SchemaMismatch(databasePath, newest, expected, true);
  if (applied.length < KNOWN_MIGRATIONS.length) throw new SchemaMismatch(databasePath, newest, expected, false);
}

/** Names of the migrations recorded in kysely's table, in apply order; none for a database never migrated. */
export async function appliedMigrations(db: Kysely<Database>): Promise<string[]> {
  if (!(await dialectOf(db).tableExists(db, 'kysely_migration'))) return [];
  const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return rows.rows.map((r) => r.name);
}
