import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { CopyCountMismatch, copySqliteToPostgres } from '../../src/db/copyToPostgres.js';
import { migrateToLatest, type OpenedDatabase, openDatabase } from '../../src/db/database.js';
import { inboxPathFor, openInboxSqlite } from '../../src/db/slackInboxFile.js';
import { dialectOf } from '../../src/db/sqlDialect.js';
import { SchemaMismatch } from '../../src/domain/errors.js';
import { submitRequest } from '../../src/services/requests/submitRequest.js';
import { createTestCore, RESEARCHER, type TestCore } from '../support/testCore.js';
import {
  describeOnPostgres,
  freshTestDatabase,
  migrateTestDatabaseTo,
  type TestDatabase,
} from '../support/testDatabases.js';

// The 10,000-request round trip through the CLI is test/cli/dbCopy.test.ts; these are the target's edge cases.
describeOnPostgres('copying SQLite into PostgreSQL: the target', () => {
  let t: TestCore;
  let target: TestDatabase;
  let opened: OpenedDatabase;

  beforeEach(async () => {
    t = await createTestCore();
    t.makeFolder(RESEARCHER, 'reef');
    await submitRequest(t.deps, { requesterId: RESEARCHER, folderPath: 'reef', type: 'DOI' });
    t.database.sqlite
      .prepare(`update status_codes set description = 'Worded by this desk' where code = 'Submitted'`)
      .run();
    target = await freshTestDatabase('postgres');
    opened = openDatabase(target.url);
  });
  afterEach(async () => {
    await opened.close();
    await t.dispose();
    await target.drop();
  });

  const copy = (dryRun = false) => copySqliteToPostgres(t.config.databasePath, target.url, { dryRun });
  const statusCodes = async () =>
    (await sql<{ code: string; description: string }>`select code, description from status_codes`.execute(opened.db))
      .rows;

  it('accepts a target already migrated (its seeded rows only) and replaces those rows with the source’s', async () => {
    await migrateToLatest(opened.db);
    expect(await statusCodes()).toContainEqual(expect.objectContaining({ code: 'Submitted' }));
    const report = await copy();
    expect(report.migrations).toEqual([]);
    expect(await statusCodes()).toContainEqual({ code: 'Submitted', description: 'Worded by this desk' });
    expect(report.tables.find((c) => c.table === 'status_codes')?.rows).toBe((await statusCodes()).length);
    expect(report.tables.map((c) => c.table).indexOf('requests')).toBeGreaterThan(
      report.tables.map((c) => c.table).indexOf('status_codes'),
    );
  });

  it('refuses a target a newer pidbot migrated, and names it without its password', async () => {
    await migrateToLatest(opened.db);
    await sql`insert into kysely_migration (name, timestamp) values ('9999_from_the_future', '2030-01-01')`.execute(
      opened.db,
    );
    await expect(copy(true)).rejects.toThrow(SchemaMismatch);
    const withPassword = target.url.replace('postgres://postgres@', 'postgres://postgres:s3cret@');
    const error = await copySqliteToPostgres(t.config.databasePath, withPassword, { dryRun: true }).catch((e) => e);
    expect(String(error)).toContain('postgres:***@');
    expect(String(error)).not.toContain('s3cret');
  });

  it('names an unreachable target without its password, and a schema that does not exist', async () => {
    const error = await copySqliteToPostgres(t.config.databasePath, 'postgres://pidbot:s3cret@127.0.0.1:9/none', {
      dryRun: true,
    }).catch((e: unknown) => e);
    expect(String(error)).toMatch(/Cannot reach postgres:\/\/pidbot:\*\*\*@127\.0\.0\.1:9\/none/);
    expect(String(error)).not.toContain('s3cret');
    const noSchema = new URL(target.url);
    noSchema.searchParams.set('options', '-c search_path=no_such_schema');
    await expect(copySqliteToPostgres(t.config.databasePath, noSchema.toString(), { dryRun: true })).rejects.toThrow(
      /names no existing schema to copy into .*create the schema first/,
    );
  });

  it('commits nothing when a count differs after the copy, and says which table', async () => {
    t.database.sqlite.prepare(`insert into home_viewers values ('UVIEWER', '2026-01-01T00:00:00Z', '{}')`).run();
    await migrateToLatest(opened.db);
    // A rule (not a trigger, so the copy does not switch it off) loses the table's rows, as a faulty copy would.
    await sql`create rule lose_rows as on insert to home_viewers do instead nothing`.execute(opened.db);
    const error = await copy().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CopyCountMismatch);
    expect(String(error)).toMatch(/home_viewers: 1 in the source, 0 in the target/);
    const { rows } = await sql<{ n: number }>`select count(*) as n from requests`.execute(opened.db);
    expect(rows[0]?.n).toBe(0);
  });

  it('refuses a source on an older schema (run pidbot db migrate first) and leaves the target as it was', async () => {
    const older = openDatabase(join(t.root, 'older.db'));
    await migrateTestDatabaseTo(older.db, '0005_outbox_handlers');
    await older.close();
    const error = await copySqliteToPostgres(join(t.root, 'older.db'), target.url, { dryRun: false }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SchemaMismatch);
    expect(String(error)).toMatch(/older than this pidbot's .*pidbot db migrate/);
    expect(await dialectOf(opened.db).tableExists(opened.db, 'kysely_migration')).toBe(false);
  });

  it('splits a table of large rows into batches by size, every row arriving whole', async () => {
    const body = (n: number) => JSON.stringify({ n, text: 'x'.repeat(1_000_000) });
    const insert = t.database.sqlite.prepare(
      `insert into slack_inbox (received_at, retry_num, retry_reason, body, processed_at) values ('2026-01-01', null, null, ?, null)`,
    );
    for (let n = 0; n < 12; n++) insert.run(body(n));
    const batches: number[] = [];
    await copySqliteToPostgres(t.config.databasePath, target.url, {
      dryRun: false,
      onProgress: (table, copied) => void (table === 'slack_inbox' && batches.push(copied)),
    });
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.at(-1)).toBe(12);
    const { rows } = await sql<{ body: string }>`select body from slack_inbox order by id`.execute(opened.db);
    expect(rows.map((r) => r.body)).toEqual(Array.from({ length: 12 }, (_, n) => body(n)));
  });

  it('copies the Slack inbox file beside the database into slack_inbox, with a row left in the old table once', async () => {
    const inbox = openInboxSqlite(inboxPathFor(t.config.databasePath));
    const row = `(?, '2026-01-01', null, null, ?, null, 'replica-1')`;
    const columns = '(id, received_at, retry_num, retry_reason, body, processed_at, owner_id)';
    // Id 1 is in both: moved into the file by a start that stopped before deleting it from the table.
    t.database.sqlite.prepare(`insert into slack_inbox ${columns} values ${row}`).run(1, '{"n":1}');
    inbox.prepare(`insert into slack_inbox ${columns} values ${row}, ${row}`).run(1, '{"n":1}', 2, '{"n":2}');
    inbox.close();

    const report = await copySqliteToPostgres(t.config.databasePath, target.url, { dryRun: false });
    expect(report.tables).toContainEqual({ table: 'slack_inbox', rows: 2 });
    const { rows } = await sql<{ id: number; body: string; owner_id: string }>`
      select id, body, owner_id from slack_inbox order by id`.execute(opened.db);
    expect(rows).toEqual([
      { id: 1, body: '{"n":1}', owner_id: 'replica-1' },
      { id: 2, body: '{"n":2}', owner_id: 'replica-1' },
    ]);
  });

  it('reads one snapshot of the source: rows a running bot commits during the copy stay behind, counts still equal', async () => {
    const bot = new SQLite(t.config.databasePath);
    let written = 0;
    try {
      const report = await copySqliteToPostgres(t.config.databasePath, target.url, {
        dryRun: false,
        onProgress: () => {
          if (written++ > 0) return;
          bot
            .prepare(
              `insert into requests (requester_id, request_type, folder_name, source_path, area, status, title, created_at, updated_at)
               values ('ULATE', 'DOI', 'late', 'ULATE/late', 'staging', 'Submitted', 'Committed during the copy', '2026-01-02', '2026-01-02')`,
            )
            .run();
        },
      });
      expect(report.tables.find((c) => c.table === 'requests')?.rows).toBe(1);
    } finally {
      bot.close();
    }
    expect(written).toBeGreaterThan(1);
    expect(t.database.sqlite.prepare('select count(*) from requests').pluck().get()).toBe(2);
    const { rows } = await sql<{ title: string }>`select title from requests`.execute(opened.db);
    expect(rows.map((r) => r.title)).not.toContain('Committed during the copy');
    expect(rows).toHaveLength(1);
  });
});
