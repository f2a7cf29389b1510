import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { type Kysely, Migrator } from 'kysely';
import pg from 'pg';
import { afterEach, beforeEach, describe } from 'vitest';
import { type OpenedDatabase, openDatabase } from '../../src/db/database.js';
import { migrationProvider } from '../../src/db/migrations/index.js';
import type { Database } from '../../src/db/schema.js';
import { dialectOf, type SqlDialect } from '../../src/db/sqlDialect.js';
import { makeTempDirectory } from './tempDirectory.js';

/** The PostgreSQL server the suites also run against; unset, only SQLite runs (`.ci/run` sets and requires it). */
export const TEST_POSTGRES_URL = process.env.PIDBOT_TEST_POSTGRES_URL?.trim() || undefined;

export type DialectName = 'sqlite' | 'postgres';

/** A database of its own for one test: a SQLite file in a temp directory, or a fresh PostgreSQL schema. */
export interface TestDatabase {
  /** What `DATABASE_URL` says to reach it. */
  url: string;
  drop(): Promise<void>;
}

let admin: pg.Pool | undefined;

/**
 * A schema no other test (nor vitest worker) uses, reached through `search_path` in the URL's
 * `options`: every table, sequence and trigger of the test lives in it, and `drop()` removes them.
 */
async function freshPostgresSchema(serverUrl: string): Promise<TestDatabase> {
  admin ??= new pg.Pool({ connectionString: serverUrl, max: 1, allowExitOnIdle: true });
  const schema = `t_${process.pid}_${randomBytes(6).toString('hex')}`;
  await admin.query(`create schema ${schema}`);
  const url = new URL(serverUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    drop: async () => {
      await admin?.query(`drop schema if exists ${schema} cascade`);
    },
  };
}

function freshSqliteFile(): TestDatabase {
  const temp = makeTempDirectory('pidbot-db-');
  return { url: join(temp.path, 'pidbot.db'), drop: async () => temp.remove() };
}

export function freshTestDatabase(dialect: DialectName): Promise<TestDatabase> {
  if (dialect === 'sqlite') return Promise.resolve(freshSqliteFile());
  if (TEST_POSTGRES_URL === undefined) throw new Error('PIDBOT_TEST_POSTGRES_URL is not set');
  return freshPostgresSchema(TEST_POSTGRES_URL);
}

let skipNoted = false;

/** One line, once per file, saying the PostgreSQL runs were skipped and how to include them. */
function noteSkippedPostgres(): void {
  if (skipNoted) return;
  skipNoted = true;
  console.info('PostgreSQL runs skipped: set PIDBOT_TEST_POSTGRES_URL (e.g. postgres://postgres@127.0.0.1:5432/test)');
}

/**
 * Runs `suite` once per database pidbot supports: SQLite always, PostgreSQL when
 * `PIDBOT_TEST_POSTGRES_URL` names a server (otherwise one line says it was skipped).
 */
export function describeEachDialect(title: string, suite: (dialect: DialectName) => void): void {
  describe(`${title} [sqlite]`, () => suite('sqlite'));
  describeOnPostgres(`${title} [postgres]`, () => suite('postgres'));
}

/** A suite that needs PostgreSQL (a copy into it, say): skipped with one line without `PIDBOT_TEST_POSTGRES_URL`. */
export function describeOnPostgres(title: string, suite: () => void): void {
  if (TEST_POSTGRES_URL !== undefined) {
    describe(title, suite);
    return;
  }
  noteSkippedPostgres();
  describe.skip(title, suite);
}

/** Migrates up (or down) to migration `name`: a migration test's database as it was before. */
export async function migrateTestDatabaseTo(db: Kysely<Database>, name: string): Promise<void> {
  const schema = await dialectOf(db).currentSchema(db);
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    ...(schema !== undefined && { migrationTableSchema: schema }),
  });
  const { error } = await migrator.migrateTo(name);
  if (error) throw error;
}

/** The database each test of the calling suite gets: fresh before it, closed and dropped after it. */
export interface EachTestDatabase {
  readonly db: Kysely<Database>;
  readonly dialect: SqlDialect;
}

/** Call inside a `describeEachDialect` suite: every test then works on a database of its own. */
export function eachTestDatabase(dialect: DialectName): EachTestDatabase {
  let fresh: TestDatabase | undefined;
  let opened: OpenedDatabase | undefined;
  beforeEach(async () => {
    fresh = await freshTestDatabase(dialect);
    opened = openDatabase(fresh.url);
  });
  afterEach(async () => {
    await opened?.close();
    await fresh?.drop();
    opened = undefined;
    fresh = undefined;
  });
  const current = () => {
    if (opened === undefined) throw new Error('the test database exists only while a test runs');
    return opened;
  };
  return {
    get db() {
      return current().db;
    },
    get dialect() {
      return current().dialect;
    },
  };
}
