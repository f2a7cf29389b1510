import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, sql } from 'kysely';
import { SchemaMismatch } from '../domain/errors.js';
import { ImmediateSqliteDialect } from './immediateSqliteDialect.js';
import { KNOWN_MIGRATIONS, migrationProvider } from './migrations/index.js';
import type { Database } from './schema.js';

export interface OpenedDatabase {
  db: Kysely<Database>;
  /** The raw handle, for online backup and pragmas. */
  sqlite: SQLite.Database;
  close(): Promise<void>;
}

/** Opens (creating its directory) the SQLite file with WAL, foreign keys, a busy timeout and transactions that begin IMMEDIATE. */
export function openDatabase(path: string): OpenedDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: sqlite }) });
  return { db, sqlite, close: () => db.destroy() };
}

export class MigrationFailed extends Error {}

/** Applies pending migrations, each in its own transaction; returns the names applied. */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider });
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
async function appliedMigrations(db: Kysely<Database>): Promise<string[]> {
  const table = await sql<{
    name: string;
  }>`select name from sqlite_master where type = 'table' and name = 'kysely_migration'`.execute(db);
  if (table.rows.length === 0) return [];
  const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return rows.rows.map((r) => r.name);
}
