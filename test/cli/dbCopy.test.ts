import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Core, createCore } from '../../src/compositionRoot.js';
import { loadConfig } from '../../src/config/config.js';
import { type OpenedDatabase, openDatabase } from '../../src/db/database.js';
import { dialectOf } from '../../src/db/sqlDialect.js';
import { createMemoryLogger } from '../../src/logging/logger.js';
import { mintIdentifier } from '../../src/services/minting/mintIdentifier.js';
import { assignRequest } from '../../src/services/requests/assignRequest.js';
import { findRequests } from '../../src/services/requests/findRequests.js';
import { setRequestStatus } from '../../src/services/requests/setRequestStatus.js';
import { submitRequest } from '../../src/services/requests/submitRequest.js';
import { CURATOR, createTestCore, RESEARCHER, type TestCore } from '../support/testCore.js';
import { describeOnPostgres, freshTestDatabase, type TestDatabase } from '../support/testDatabases.js';
import { runPidbot } from './runPidbot.js';

const REQUESTS = 10_000;
/** Words only the creators stored at submission hold (those requests have no metadata summary). */
const CREATOR_ONLY_WORD = 'Okonkwo';

describeOnPostgres('pidbot db copy --to postgres://…', () => {
  let t: TestCore;
  let target: TestDatabase;
  let copied: OpenedDatabase | undefined;

  beforeAll(async () => {
    t = await createTestCore();
    target = await freshTestDatabase('postgres');
    await seedEveryTable(t);
  }, 120_000);
  afterAll(async () => {
    await copied?.close();
    await t?.dispose();
    await target?.drop();
  });

  // A copy of 10,000 requests on a loaded 2-core machine can outlast runPidbot's usual bound.
  // Each CLI run compiles the CLI with tsx first: seconds each on a loaded machine, hence the tests' bounds.
  const copy = (...extra: string[]) => runPidbot(t, ['db', 'copy', '--to', target.url, ...extra], {}, 90_000);
  const targetTables = async (db: OpenedDatabase['db']) =>
    (
      await sql<{ name: string }>`select table_name as name from information_schema.tables
        where table_schema = current_schema()`.execute(db)
    ).rows
      .map((r) => r.name)
      .sort();

  it('refuses a source that is not SQLite and a target that is not a PostgreSQL URL, changing nothing', async () => {
    const notPostgres = await runPidbot(t, ['db', 'copy', '--to', 'other.db']);
    expect(notPostgres.code).toBe(2);
    expect(notPostgres.stderr).toMatch(/--to: expected a PostgreSQL URL/);
    const fromPostgres = await runPidbot(t, ['db', 'copy', '--to', target.url], { DATABASE_URL: target.url });
    expect(fromPostgres.code).toBe(1);
    expect(fromPostgres.stderr).toMatch(/DATABASE_URL: is PostgreSQL .*the source must be SQLite/);
  }, 60_000);

  it('--dry-run checks the target and prints the counts that would be copied, writing nothing', async () => {
    const dry = await copy('--dry-run', '--json');
    expect(dry.code, dry.stderr).toBe(0);
    const report = JSON.parse(dry.stdout) as { dryRun: boolean; migrations: string[]; tables: TableRows[] };
    expect(report.dryRun).toBe(true);
    expect(report.migrations[0]).toBe('0001_initial');
    expect(report.tables).toEqual(await sourceCounts(t));
    const probe = openDatabase(target.url);
    try {
      expect(await targetTables(probe.db)).toEqual([]);
    } finally {
      await probe.close();
    }
  }, 60_000);

  it(`copies ${REQUESTS.toLocaleString('en')} requests and every other table with equal rows, while another connection holds the source's write lock`, async () => {
    // A running bot mid-transaction: the copy reads its snapshot and never waits for (nor sees) this write,
    // which is rolled back before the rows are compared.
    const bot = new SQLite(t.config.databasePath);
    bot.exec('begin immediate');
    bot.prepare(`update requests set title = 'Written after the snapshot' where id = 1`).run();
    const result = await copy();
    bot.exec('rollback');
    bot.close();
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/every table's row count matches/);
    expect(result.stdout).toMatch(new RegExp(`\\nrequests\\s+${REQUESTS}\\n`));
    expect(result.stderr).toMatch(/copied status_history (\d+)\/\1 \(100%\)/);

    copied = openDatabase(target.url);
    const tables = (await targetTables(copied.db)).filter((name) => !name.startsWith('kysely'));
    // Every table of the migrated schema is in the copy's report, and held rows in the source.
    const counts = await sourceCounts(t);
    expect(counts.map((c) => c.table).sort()).toEqual(tables);
    for (const { table, rows } of counts) expect(rows, `seed ${table} in this test`).toBeGreaterThan(0);
    for (const table of tables)
      expect(await rowsOf(copied.db, table), table).toEqual(await rowsOf(t.database.db, table, copied.db));
  }, 120_000);

  it('finds the same requests by words, creators stored at submission included, and continues every id', async () => {
    const db = requireCopied(copied);
    const searched = async (core: Pick<Core, 'deps'>, text: string) =>
      (await findRequests(core.deps, { actorId: CURATOR, text })).items.map((r) => r.id);
    const onPostgres = await coreOn(target.url, t);
    try {
      for (const text of [CREATOR_ONLY_WORD, 'coral reef', 'seeded 77', '10.5072/FK2SEED0900', 'Müller']) {
        const expected = await searched(t, text);
        expect(expected.length, text).toBeGreaterThan(0);
        expect(await searched(onPostgres, text), text).toEqual(expected);
      }
      const maxId = async (table: string) =>
        (await sql<{ n: number }>`select max(id) as n from ${sql.table(table)}`.execute(db)).rows[0]?.n ?? 0;
      const [requestsMax, historyMax] = [await maxId('requests'), await maxId('status_history')];
      t.makeFolder(RESEARCHER, 'after-the-copy');
      const next = await submitRequest(onPostgres.deps, {
        requesterId: RESEARCHER,
        folderPath: 'after-the-copy',
        type: 'DOI',
      });
      expect(next.id).toBe(requestsMax + 1);
      expect((await onPostgres.deps.uow.repos.history.forRequest(next.id))[0]?.id).toBe(historyMax + 1);
    } finally {
      await onPostgres.close();
    }
  });

  it('refuses a second copy into the now filled target, naming the table and count, and changes nothing', async () => {
    const db = requireCopied(copied);
    const before = await rowsOf(db, 'requests');
    const again = await copy();
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already holds pidbot rows \(.*requests has 10001 row\(s\)/);
    expect(again.stderr).not.toMatch(/\n\s+at /);
    expect(await rowsOf(db, 'requests')).toEqual(before);
    const dry = await copy('--dry-run');
    expect(dry.code).toBe(1);
    expect(dry.stderr).toMatch(/already holds pidbot rows/);
  }, 60_000);
});

interface TableRows {
  table: string;
  rows: number;
}

function requireCopied(db: OpenedDatabase | undefined): OpenedDatabase['db'] {
  if (db === undefined) throw new Error('the copy test runs first');
  return db.db;
}

/** A core (same data store and curators) on the copied database. */
async function coreOn(url: string, t: TestCore): Promise<Core> {
  const config = loadConfig({
    DATABASE_URL: url,
    DATA_STORE_ROOT: t.storeRoot,
    CURATOR_USER_IDS: CURATOR,
    RESOLUTION_CHECKS: 'false',
  });
  return createCore(config, { logger: createMemoryLogger(), recover: false });
}

async function sourceCounts(t: TestCore): Promise<TableRows[]> {
  const names = t.database.sqlite
    .prepare(
      `select name from pragma_table_list where schema = 'main' and type in ('table', 'virtual')
         and name not like 'sqlite%' and name not like 'kysely%'`,
    )
    .pluck()
    .all() as string[];
  const counts = names.map((table) => ({
    table,
    rows: t.database.sqlite.prepare(`select count(*) from "${table}"`).pluck().get() as number,
  }));
  return counts.sort((a, b) => (a.table < b.table ? -1 : 1));
}

/**
 * Every row of `table` (the columns PostgreSQL stores, its generated ones left out), in one canonical
 * order so both databases compare equal whatever their collation.
 */
async function rowsOf(
  db: OpenedDatabase['db'],
  table: string,
  columnsFrom: OpenedDatabase['db'] = db,
): Promise<unknown[]> {
  const { rows: columnRows } = await sql<{ name: string }>`select column_name as name from information_schema.columns
    where table_schema = current_schema() and table_name = ${table} and is_generated = 'NEVER'
    order by ordinal_position`.execute(columnsFrom);
  // SQLite's FTS5 index keeps the request id as its rowid (written here, not taken from the code under test).
  const columns = sql.join(
    columnRows.map((c) =>
      c.name === 'request_id' && table === 'request_search' && dialectOf(db).name === 'sqlite'
        ? sql`rowid as request_id`
        : sql.ref(c.name),
    ),
  );
  const { rows } = await sql`select ${columns} from ${sql.table(table)}`.execute(db);
  return rows.map((row) => JSON.stringify(row)).sort();
}

/**
 * A desk's database with rows in every table: a handful through the real services (submissions, a mint,
 * an assignment), then REQUESTS requests in all with history, identifiers and the rest seeded raw.
 */
async function seedEveryTable(t: TestCore): Promise<void> {
  for (const folder of ['coral-reef-survey', 'coral-reef-followup', 'river-gauges']) {
    t.makeFolder(RESEARCHER, folder, 'valid-dataset-national-gallery.json');
    await submitRequest(t.deps, { requesterId: RESEARCHER, folderPath: folder, type: 'DOI' });
  }
  await setRequestStatus(t.deps, { actorId: CURATOR, requestId: 1, status: 'Approved' });
  await mintIdentifier(t.deps, { actorId: CURATOR, requestId: 1 });
  await assignRequest(t.deps, { actorId: CURATOR, requestId: 2, assigneeId: CURATOR });
  await submitRequest(t.deps, { requesterId: RESEARCHER, folderPath: 'no-such-folder', type: 'DOI' }).catch(
    () => undefined,
  );

  const { sqlite } = t.database;
  const at = (n: number) => new Date(Date.parse('2025-01-01T00:00:00Z') + n * 60_000).toISOString();
  const first = (sqlite.prepare('select max(id) from requests').pluck().get() as number) + 1;
  const insertRequest = sqlite.prepare(
    `insert into requests (id, requester_id, request_type, folder_name, source_path, area, status, title, created_at, updated_at, closed_at, assignee_id, workflow_state)
     values (?, ?, ?, ?, ?, 'staging', 'Submitted', ?, ?, ?, null, ?, 'in_review')`,
  );
  const insertHistory = sqlite.prepare(
    `insert into status_history (request_id, from_status, to_status, actor_id, comment, created_at, via, assignee_id)
     values (?, ?, ?, ?, ?, ?, ?, null)`,
  );
  const insertIdentifier = sqlite.prepare(
    `insert into identifiers (request_id, item_id, doi, ark, state, minted_at, updated_at)
     values (?, ?, ?, ?, 'findable', ?, ?)`,
  );
  const setCreators = sqlite.prepare('update request_search set creators = ? where rowid = ?');
  sqlite.transaction(() => {
    for (let id = first; id <= REQUESTS; id++) {
      const requester = `USEED${id % 50}`;
      const title = id % 97 === 0 ? `Müller collection ${id}` : `Seeded data set ${id} with ordinary words`;
      insertRequest.run(
        id,
        requester,
        id % 7 === 0 ? 'ARK' : 'DOI',
        `seeded-${id}`,
        `${requester}/seeded-${id}`,
        title,
        at(id),
        at(id),
        id % 5 === 0 ? CURATOR : null,
      );
      insertHistory.run(id, null, 'Submitted', requester, null, at(id), null);
      insertHistory.run(
        id,
        'Submitted',
        'Submitted',
        CURATOR,
        id % 3 === 0 ? 'looked again' : null,
        at(id + 1),
        'CLI, OS user alice',
      );
      if (id % 10 === 0)
        insertIdentifier.run(
          id,
          `pidbot-${id}`,
          `10.5072/FK2SEED${String(id).padStart(4, '0')}`,
          `ark:/99999/fk4seed${id}`,
          at(id),
          at(id),
        );
      if (id % 11 === 0) setCreators.run(`${CREATOR_ONLY_WORD}, Adaeze Sánchez, Lúcia`, id);
    }
  })();
  const raw: string[] = [
    `insert into request_messages values (${first}, 'CDESK', '1700000000.000100', '${at(1)}')`,
    `insert into job_runs (job, trigger, started_at, finished_at, outcome, counts_json, checkpoint_json, resumed_from, error)
       values ('verify', 'cron', '${at(1)}', '${at(2)}', 'interrupted', '{"checked":3}', '{"afterRequestId":3}', null, 'stopped'),
              ('verify', 'resume', '${at(3)}', '${at(4)}', 'succeeded', '{"checked":9}', null, 1, null)`,
    `insert into alerts (key, title, detail, raised_at, last_notified_at, resolved_at, channel_id, message_ts)
       values ('pid-service', 'PURL service down', 'timeouts', '${at(1)}', '${at(2)}', null, 'COPS', '1.2')`,
    `insert into slack_deliveries values ('trigger:123', '${at(1)}', 'instance-a', '${at(2)}')`,
    `insert into outbox_redrives (event_id, event_type, actor_id, via, previous_attempts, previous_error, redriven_at)
       values (1, 'RequestSubmitted', '${CURATOR}', 'CLI', 5, 'Slack said no', '${at(3)}')`,
    `insert into metadata_summaries values (${first + 1}, 'stamp-1', '{"title":"Cached","creators":["Cached, Person"]}', '${at(2)}'),
       (${first + 2}, 'stamp-2', null, '${at(2)}')`,
    `insert into content_manifests values (${first + 3}, '[{"path":"data.csv","sha256":"00","bytes":1}]', '${at(2)}', '${CURATOR}')`,
    `insert into slack_inbox (received_at, retry_num, retry_reason, body, processed_at)
       values ('${at(1)}', 1, 'http_timeout', '{"type":"block_actions"}', null)`,
    `insert into home_viewers values ('${CURATOR}', '${at(1)}', '{"status":"Submitted"}')`,
    `insert into reminders_sent values ('digest', '${at(1)}'), ('request:${first}', '${at(2)}')`,
    `insert into scheduler_leases values ('scheduler', 'gone', 'host', 1, '${at(1)}', '${at(2)}', '${at(3)}')`,
    `insert into status_codes values ('Embargo review', 'Added by a curator', 0, '${CURATOR}', '${at(1)}')`,
    `insert into folder_moves (from_json, to_json, started_at, finished_at, outcome, owner_id, owner_host, owner_pid)
       values ('{"area":"home"}', '{"area":"staging"}', '${at(1)}', null, null, 'gone', 'host', 1)`,
  ];
  for (const statement of raw) sqlite.exec(statement);
}
