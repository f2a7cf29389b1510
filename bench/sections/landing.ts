/**
 * Landing pages: requests/s and p99 latency of `GET /doi/{doi}` (HTML) from the real bot's HTTP
 * receiver, with 100,000 findable identifiers in the database, under closed-loop load from a
 * child process (autocannon). Side by side in the same run: the same page saved as a file and
 * served by a bare node:http server reading it from disk on each request, the floor any page
 * served over Node's HTTP on this machine stands on. Only a sample of the identifiers get a
 * curated folder (100,000 folders would measure the file system's setup, not the page); the
 * sample is spread over the whole id range. BENCH_LANDING_IDENTIFIERS changes the 100,000.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createHomeViewerStore } from '../../src/db/sqliteHomeViewers.js';
import { createMessageRefStore } from '../../src/db/sqliteMessageRefs.js';
import { createSlackDeliveryLog } from '../../src/db/sqliteSlackDeliveries.js';
import { startLocalSlackApi } from '../../src/sandbox/slack/localSlackApi.js';
import { createDeliveryDedupe } from '../../src/services/runtime/slackDeliveryDedupe.js';
import { startSlackApp } from '../../src/slack/slackApp.js';
import { botRoutes } from '../../src/web/botRoutes.js';
import { seedPublicIdentifiers } from '../../test/scheduler/seedIdentifiers.js';
import type { BenchRow } from '../benchRow.js';
import { createBenchCore } from '../support/benchCore.js';
import type { HttpLoadJob, HttpLoadResult } from '../support/httpLoad.js';
import { round } from '../support/stats.js';

const SECTION = 'landing';
const IDENTIFIERS = Number(process.env.BENCH_LANDING_IDENTIFIERS ?? 100_000);
const SAMPLE = 1_000;
const CONNECTIONS = 10;
const DURATION_S = 10;
const WARMUP_S = 2;
/** The largest shared fixture: the heaviest page a real record makes. */
const FIXTURE = new URL('../../test/fixtures/datacite/valid-full-v46.json', import.meta.url);

function runLoad(job: HttpLoadJob): Promise<HttpLoadResult> {
  const child: ChildProcess = fork(new URL('../support/httpLoad.ts', import.meta.url), [], {
    execArgv: ['--import', import.meta.resolve('tsx')],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  child.send(job);
  return new Promise((resolve, reject) => {
    child.once('message', (result: HttpLoadResult) => resolve(result));
    child.once('exit', (code) => reject(new Error(`the load generator exited (${code}) without a result`)));
  });
}

async function listen(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function rows(label: string, result: HttpLoadResult, baseline: HttpLoadResult | undefined): BenchRow[] {
  const note = `${result.total} requests, ${result.non2xx} not 2xx, ${result.errors} errors; ${CONNECTIONS} connections, ${DURATION_S} s`;
  return [
    {
      section: SECTION,
      metric: `${label} requests/s`,
      value: round(result.requestsPerSecond, 0),
      unit: 'req/s',
      ...(baseline && { target: `static file: ${round(baseline.requestsPerSecond, 0)} req/s` }),
      note,
    },
    {
      section: SECTION,
      metric: `${label} p99 latency`,
      value: result.p99Ms,
      unit: 'ms',
      ...(baseline && { target: `static file: ${baseline.p99Ms} ms` }),
      note: `p50 ${result.p50Ms} ms`,
    },
  ];
}

export async function run(): Promise<BenchRow[]> {
  const core = await createBenchCore({ LOG_LEVEL: 'warn' });
  const slack = await startLocalSlackApi({});
  const servers: Server[] = [];
  try {
    const seeded = await seedPublicIdentifiers(core.database.db, IDENTIFIERS);
    const metadata = readFileSync(FIXTURE, 'utf8');
    const step = Math.max(1, Math.floor(seeded.length / SAMPLE));
    const sample = seeded.filter((_, i) => i % step === 0).slice(0, SAMPLE);
    for (const s of sample) {
      const folder = join(core.config.dataStoreRoot, 'curated', `dataset-${s.requestId}`);
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, 'datacite.json'), metadata);
      writeFileSync(join(folder, 'data.csv'), 'site,value\nA,1\n');
    }
    const app = await startSlackApp(
      {
        botToken: 'xoxb-bench-landing',
        connection: { mode: 'http', signingSecret: 'bench-landing-signing-secret-0123' },
        curationChannelId: 'C0BENCHLANDING',
        apiUrl: slack.apiUrl,
        deps: core.deps,
        messageRefs: createMessageRefStore(core.database.db),
        homeViewers: createHomeViewerStore(core.database.db),
        deliveries: createDeliveryDedupe(
          createSlackDeliveryLog(core.database.db),
          core.deps.clock,
          core.deps.logger,
          core.deps.lease,
        ),
        logger: core.deps.logger,
        routes: botRoutes(core.deps, core.deps.logger, { exporter: core.metrics }),
        timeoutMs: core.config.slack.timeoutMs,
      },
      0,
    );
    try {
      const botUrl = `http://127.0.0.1:${app.port}`;
      const paths = sample.map((s) => `/doi/${s.doi}`);
      const page = await fetch(`${botUrl}${paths[0]}`);
      if (page.status !== 200) throw new Error(`the landing page answered ${page.status}`);
      const html = await page.text();

      const file = join(core.root, 'landing.html');
      writeFileSync(file, html);
      const staticServer = createServer((_req, res) => {
        readFile(file).then((body) => {
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
          res.end(body);
        });
      });
      servers.push(staticServer);
      const staticUrl = await listen(staticServer);

      await runLoad({ url: botUrl, paths, connections: CONNECTIONS, durationS: WARMUP_S });
      const landing = await runLoad({ url: botUrl, paths, connections: CONNECTIONS, durationS: DURATION_S });
      const baseline = await runLoad({
        url: staticUrl,
        paths: ['/landing.html'],
        connections: CONNECTIONS,
        durationS: DURATION_S,
      });
      return [
        ...rows(`GET /doi/{doi} (HTML, ${IDENTIFIERS} identifiers)`, landing, baseline),
        ...rows('static file, node:http', baseline, undefined),
        {
          section: SECTION,
          metric: 'page size (largest fixture)',
          value: round(Buffer.byteLength(html) / 1024, 1),
          unit: 'KiB',
          target: '< 50 KiB',
        },
      ];
    } finally {
      await app.stop();
    }
  } finally {
    for (const server of servers) server.close();
    await slack.close();
    await core.dispose();
  }
}
