import type SQLite from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

/** Distinct statements kept per connection; the least recently used goes first. */
const KEPT_STATEMENTS = 500;

/**
 * A SQLite handle for kysely whose prepared statements are kept and reused by
 * their SQL text. Kysely's SQLite driver prepares every query afresh, and the
 * parsing and planning were about a quarter of the worker thread's time in
 * kysely and SQLite (profile of the bench's Slack section). A statement is
 * never in use twice at once: kysely runs one query at a time on its SQLite
 * connection, a streamed one holding it to the end. SQLite re-prepares a kept
 * statement by itself after a schema change (migrations).
 */
export function withKeptStatements(sqlite: SQLite.Database, capacity = KEPT_STATEMENTS): SqliteDatabase {
  const kept = new Map<string, SQLite.Statement>();
  return {
    prepare(sql) {
      const statement = kept.get(sql) ?? sqlite.prepare(sql);
      // Re-inserted so the map's first key is always the least recently used.
      kept.delete(sql);
      kept.set(sql, statement);
      if (kept.size > capacity) kept.delete(kept.keys().next().value as string);
      return statement;
    },
    close() {
      kept.clear();
      sqlite.close();
    },
  };
}
