/**
 * Database at scale, on both dialects side by side: a SQLite file (pidbot's own
 * migrations and pragmas) with 100,000 requests and 1,000,000 status-history
 * rows, seeded with raw better-sqlite3 statements in one transaction, then the
 * same rows in PostgreSQL through `pidbot db copy` (when a server answers:
 * PIDBOT_BENCH_POSTGRES_URL, else PIDBOT_TEST_POSTGRES_URL, else
 * postgres://postgres@127.0.0.1:5432/test, in a schema of its own dropped after).
 * On each: list / filter / keyset pages and show-with-history through the real
 * services (`listRequests`, `showRequest`), each kind timed over RUNS calls:
 * p50 and p99 (target < 5 ms), the dialect in the metric's name.
 */
import { statSync } from 'node:fs';
import { sql } from 'kysely';
import pg from 'pg';
import { copySqliteToPostgres } from '../../src/db/copyToPostgres.js';
import { listRequests } from '../../src/services/requests/listRequests.js';
import { showRequest } from '../../src/services/requests/showRequest.js';
import type { BenchRow } from '../benchRow.js';
import { BENCH_CURATOR, type BenchCore, createBenchCore } from '../support/benchCore.js';
import { round, seededRandom, summarise } from '../support/stats.js';

const REQUESTS = 100_000;
const HISTORY_ROWS = 1_000_000;
const REQUESTERS = 1_000;
const RUNS = 500;
const WARMUP = 50;
const SECTION = 'database';

/** Status mix of the seeded requests (cumulative shares). Completion is what an old desk mostly holds. */
const STATUS_MIX: [string, number][] = [
  ['Completion', 0.6],
  ['Submitted', 0.78],
  ['Approved', 0.95],
  ['Failed', 0.98],
  ['Evaluation', 1],
];

const requesterId = (n: number) => `UREQ${String(n).padStart(5, '0')}`;

/** Seeds requests and history straight into the migrated file; returns the seconds each part took. */
function seed(core: BenchCore): { requestsS: number; historyS: number; totalS: number } {
  const { sqlite } = core.database;
  const random = seededRandom(8);
  sqlite
    .prepare(
      `insert or ignore into status_codes (code, description, builtin, created_by, created_at) values ('Evaluation', 'Added by a curator', 0, ?, ?)`,
    )
    .run(BENCH_CURATOR, new Date().toISOString());
  const insertRequest = sqlite.prepare(
    `insert into requests (id, requester_id, request_type, folder_name, source_path, area, status, title, created_at, updated_at, closed_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertHistory = sqlite.prepare(
    `insert into status_history (request_id, from_status, to_status, actor_id, comment, created_at) values (?, ?, ?, ?, ?, ?)`,
  );
  const base = Date.parse('2016-01-01T00:00:00Z');
  const statuses: string[] = [];
  const started = performance.now();
  let requestsDone = 0;
  sqlite.transaction(() => {
    for (let id = 1; id <= REQUESTS; id++) {
      const r = random();
      const status = STATUS_MIX.find(([, upTo]) => r < upTo)?.[0] ?? 'Submitted';
      statuses.push(status);
      const requester = requesterId(Math.floor(random() * REQUESTERS));
      const at = new Date(base + id * 60_000).toISOString();
      const folder = `dataset-${id}`;
      insertRequest.run(
        id,
        requester,
        random() < 0.85 ? 'DOI' : 'ARK',
        folder,
        `${requester}/${folder}`,
        status === 'Completion' ? 'curated' : 'staging',
        status,
        `Bench data set number ${id} with a title of ordinary length`,
        at,
        at,
        status === 'Completion' ? at : null,
      );
    }
  })();
  requestsDone = performance.now();
  // Ten history rows per request on average (between 1 and 19), in time order.
  sqlite.transaction(() => {
    let written = 0;
    for (let id = 1; id <= REQUESTS && written < HISTORY_ROWS; id++) {
      const remainingRequests = REQUESTS - id + 1;
      const share = Math.round((HISTORY_ROWS - written) / remainingRequests);
      const count =
        id === REQUESTS ? HISTORY_ROWS - written : Math.max(1, Math.min(19, share + Math.floor(random() * 19) - 9));
      let from: string | null = null;
      for (let k = 0; k < count; k++) {
        const to = k === count - 1 ? (statuses[id - 1] ?? 'Submitted') : k % 2 === 0 ? 'Submitted' : 'Evaluation';
        insertHistory.run(
          id,
          from,
          to,
          k === 0 ? requesterId(id % REQUESTERS) : BENCH_CURATOR,
          k % 3 === 0 ? null : 'checked the metadata again',
          new Date(base + id * 60_000 + k * 1000).toISOString(),
        );
        from = to;
      }
      written += count;
    }
  })();
  const done = performance.now();
  return {
    requestsS: (requestsDone - started) / 1000,
    historyS: (done - requestsDone) / 1000,
    totalS: (done - started) / 1000,
  };
}

interface QueryKind {
  name: string;
  run(i: number): Promise<unknown>;
}

/** The list / filter / keyset / show calls timed on each database, through the real services. */
function queryKinds(deps: BenchCore['deps']): QueryKind[] {
  const random = seededRandom(42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const anyId = () => 1 + Math.floor(random() * REQUESTS);
  const deepCursor = () => 1_000 + Math.floor(random() * (REQUESTS - 1_000));
  const listStatuses = ['Submitted', 'Approved', 'Failed', 'Completion', 'Evaluation'];
  const curator = { actorId: BENCH_CURATOR };
  return [
    { name: 'list newest first, page 1', run: () => listRequests(deps, curator) },
    {
      name: 'list newest first, page 2+ (keyset cursor, random depth)',
      run: () => listRequests(deps, { ...curator, beforeId: deepCursor() }),
    },
    {
      name: 'list by status, page 1',
      run: () => listRequests(deps, { ...curator, filter: { status: pick(listStatuses) } }),
    },
    {
      name: 'list by status, page 2+ (keyset)',
      run: () => listRequests(deps, { ...curator, filter: { status: pick(listStatuses) }, beforeId: deepCursor() }),
    },
    {
      name: 'list own requests (requester), page 1',
      run: () => listRequests(deps, { actorId: requesterId(Math.floor(random() * REQUESTERS)) }),
    },
    {
      name: 'list by requester (curator), page 2+ (keyset)',
      run: () =>
        listRequests(deps, {
          ...curator,
          filter: { requesterId: requesterId(Math.floor(random() * REQUESTERS)) },
          beforeId: deepCursor(),
        }),
    },
    { name: 'list by type ARK, page 1', run: () => listRequests(deps, { ...curator, filter: { type: 'ARK' } }) },
    {
      name: 'list by type ARK + status Failed, page 2+',
      run: () => listRequests(deps, { ...curator, filter: { type: 'ARK', status: 'Failed' }, beforeId: deepCursor() }),
    },
    { name: 'show request with history', run: () => showRequest(deps, { ...curator, requestId: anyId() }) },
  ];
}

/** Times every query kind on one database; one row per kind, the dialect in its name. */
async function timeQueries(deps: BenchCore['deps'], dialect: string): Promise<BenchRow[]> {
  const curator = { actorId: BENCH_CURATOR };
  // Sanity: page 2 through the cursor of page 1 continues where page 1 stopped.
  const first = await listRequests(deps, curator);
  const second = await listRequests(deps, { ...curator, beforeId: first.nextBeforeId });
  if (first.items.length !== 20 || second.items[0]?.id !== (first.items[19]?.id ?? 0) - 1)
    throw new Error(`keyset paging did not continue page 1 on ${dialect}`);
  const rows: BenchRow[] = [];
  for (const kind of queryKinds(deps)) {
    for (let i = 0; i < WARMUP; i++) await kind.run(i);
    const samples: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      await kind.run(i);
      samples.push(performance.now() - started);
    }
    const s = summarise(samples);
    rows.push({
      section: SECTION,
      metric: `[${dialect}] ${kind.name}: p99`,
      value: round(s.p99, 3),
      unit: 'ms',
      target: '< 5 ms',
      note: `p50 ${round(s.p50, 3)} ms, max ${round(s.max, 2)} ms, ${RUNS} runs`,
    });
  }
  return rows;
}

/** The PostgreSQL server to bench against, if one answers; a schema of its own is made in it. */
async function reachablePostgres(): Promise<string | undefined> {
  const url =
    process.env.PIDBOT_BENCH_POSTGRES_URL?.trim() ||
    process.env.PIDBOT_TEST_POSTGRES_URL?.trim() ||
    'postgres://postgres@127.0.0.1:5432/test';
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    return url;
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The same database on PostgreSQL: `pidbot db copy` of the seeded SQLite file into a schema made for the
 * bench (dropped after), ANALYZE (autovacuum's job after a bulk load, done at once), then the same queries.
 */
async function onPostgres(serverUrl: string, sqlitePath: string): Promise<BenchRow[]> {
  const schema = `bench_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const url = new URL(serverUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  try {
    const started = performance.now();
    const report = await copySqliteToPostgres(sqlitePath, url.toString(), { dryRun: false });
    const copyS = (performance.now() - started) / 1000;
    const copiedRows = report.tables.reduce((sum, t) => sum + t.rows, 0);
    const core = await createBenchCore({ DATABASE_URL: url.toString() });
    try {
      await sql`analyze`.execute(core.database.db);
      return [
        {
          section: SECTION,
          metric: '[postgres] seed by pidbot db copy from the SQLite file',
          value: round(copyS, 1),
          unit: 's',
          target: 'under ~60 s',
          note: `${copiedRows.toLocaleString('en')} rows in ${report.tables.length} tables, one transaction, counts checked`,
        },
        ...(await timeQueries(core.deps, 'postgres')),
      ];
    } finally {
      await core.dispose();
    }
  } finally {
    await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.end();
  }
}

export async function run(): Promise<BenchRow[]> {
  const core = await createBenchCore();
  const rows: BenchRow[] = [];
  try {
    const seeded = seed(core);
    const counts = core.database.sqlite
      .prepare('select (select count(*) from requests) as requests, (select count(*) from status_history) as history')
      .get() as { requests: number; history: number };
    core.database.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const fileMiB = statSync(core.config.databasePath).size / 2 ** 20;
    rows.push(
      {
        section: SECTION,
        metric: `[sqlite] seed ${counts.requests.toLocaleString('en')} requests`,
        value: round(seeded.requestsS, 2),
        unit: 's',
        note: 'raw prepared inserts, one transaction, after migrations',
      },
      {
        section: SECTION,
        metric: `[sqlite] seed ${counts.history.toLocaleString('en')} history rows`,
        value: round(seeded.historyS, 2),
        unit: 's',
        target: 'well under 60 s',
        note: `total seeding ${round(seeded.totalS, 1)} s`,
      },
      {
        section: SECTION,
        metric: '[sqlite] database file size',
        value: round(fileMiB, 1),
        unit: 'MiB',
        note: 'after a WAL checkpoint; no ANALYZE run',
      },
      ...(await timeQueries(core.deps, 'sqlite')),
    );
    const server = await reachablePostgres();
    if (server === undefined)
      rows.push({
        section: SECTION,
        metric: '[postgres] skipped',
        value: 'n/a',
        unit: '',
        note: 'no PostgreSQL answered (PIDBOT_BENCH_POSTGRES_URL, PIDBOT_TEST_POSTGRES_URL or 127.0.0.1:5432/test)',
      });
    else rows.push(...(await onPostgres(server, core.config.databasePath)));
  } finally {
    await core.dispose();
  }
  return rows;
}
