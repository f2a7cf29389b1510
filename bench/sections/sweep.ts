/**
 * The scheduler's verify sweep over 20,000 findable identifiers at
 * PURL_MAX_RPS = 500, through the real service (keyset pages, checkpoints,
 * one database write per identifier), the PURL adapter behind the PID port and
 * the real PURL client. A verify reads the identifier back through the port
 * (`read`), which for PURL is three calls (state current, verify, metadata
 * registrar), so the achieved rate is counted in PURL calls, as the limit is.
 * The simulator runs in a child process, so the RSS figures are the bot's
 * alone. Reports the achieved call rate as a fraction of the limit, peak RSS,
 * and RSS after 2,000 versus after 20,000 identifiers (target: flat).
 * BENCH_SWEEP_IDENTIFIERS=2000 runs a smaller sweep (the early mark is a tenth).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { staticCuratorDirectory } from '../../src/curators/staticCuratorDirectory.js';
import { LocalDataStore } from '../../src/datastore/localDataStore.js';
import { migrateToLatest, openDatabase } from '../../src/db/database.js';
import { createUnitOfWork } from '../../src/db/sqliteRepositories.js';
import { DEFAULT_ITEM_ID_TEMPLATE } from '../../src/domain/request.js';
import { createLogger } from '../../src/logging/logger.js';
import { createPromMetrics } from '../../src/metrics/promMetrics.js';
import { systemClock } from '../../src/ports/clock.js';
import { PurlPidProvider } from '../../src/providers/purl/purlPidProvider.js';
import { RucorePurlClient } from '../../src/providers/purl/rucorePurlClient.js';
import { DEFAULT_SWEEP_PAGE_SIZE, launchVerifySweep } from '../../src/services/identifiers/runVerifySweep.js';
import { createStatusBoard } from '../../src/services/monitoring/statusBoard.js';
import { createEventRelay } from '../../src/services/runtime/eventRelay.js';
import type { ServiceDeps } from '../../src/services/runtime/serviceDeps.js';
import { createWorkLease } from '../../src/services/runtime/workLease.js';
import { seedPublicIdentifiers, writeSimulatorState } from '../../test/scheduler/seedIdentifiers.js';
import type { BenchRow } from '../benchRow.js';

const IDENTIFIERS = Number(process.env.BENCH_SWEEP_IDENTIFIERS ?? 20_000);
const EARLY_MARK = Math.round(IDENTIFIERS / 10);
const MAX_RPS = Number(process.env.BENCH_SWEEP_RPS ?? 500);
const MAX_CONCURRENT = Number(process.env.BENCH_SWEEP_CONC ?? 16);
const API_KEY = 'bench-sweep-key-0123456789';

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
const mib = (bytes: number) => round(bytes / 2 ** 20, 1);

/**
 * Counts the wire calls made through the client, by PURL method (`close`
 * excluded). A call is one request to the service; got's retries of a safe call
 * after a failure would be extra requests, which the sweep's `errors` count shows.
 */
function countingClient(client: RucorePurlClient): { client: RucorePurlClient; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const wrapped = new Map<PropertyKey, unknown>();
  const counted = new Proxy(client, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function' || property === 'close' || typeof property !== 'string') return value;
      if (!wrapped.has(property)) {
        wrapped.set(property, (...args: unknown[]): unknown => {
          calls.set(property, (calls.get(property) ?? 0) + 1);
          return Reflect.apply(value, target, args);
        });
      }
      return wrapped.get(property);
    },
  });
  return { client: counted, calls };
}

/** `npm run purl-sim` in a child process on a free port, holding the seeded identifiers. */
async function startSimulatorProcess(stateFile: string): Promise<{ baseUrl: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', new URL('../../src/sandbox/purl/main.ts', import.meta.url).pathname],
    {
      env: { ...process.env, PURL_SIM_PORT: '0', PURL_API_KEY: API_KEY, PURL_SIM_STATE_FILE: stateFile },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout! });
  const [baseUrl] = (await Promise.race([once(lines, 'line'), once(child, 'exit').then(() => ['exited'])])) as string[];
  if (!baseUrl?.startsWith('http')) throw new Error(`the PURL simulator did not start (${baseUrl})`);
  return { baseUrl, child };
}

export async function run(): Promise<BenchRow[]> {
  if (!Number.isInteger(IDENTIFIERS) || IDENTIFIERS < 10)
    throw new Error(
      `BENCH_SWEEP_IDENTIFIERS must be a whole number of at least 10, got "${process.env.BENCH_SWEEP_IDENTIFIERS}"`,
    );
  const root = mkdtempSync(join(tmpdir(), 'pidbot-bench-sweep-'));
  const database = openDatabase(join(root, 'pidbot.db'));
  let simulator: ChildProcess | undefined;
  let client: RucorePurlClient | undefined;
  try {
    await migrateToLatest(database.db);
    const stateFile = join(root, 'purl-sim.json');
    writeSimulatorState(stateFile, await seedPublicIdentifiers(database.db, IDENTIFIERS));
    const started = await startSimulatorProcess(stateFile);
    simulator = started.child;
    client = new RucorePurlClient({
      baseUrl: started.baseUrl,
      apiKey: API_KEY,
      shoulder: 'doi:10.5072/FK2',
      maxRps: MAX_RPS,
      maxConcurrent: MAX_CONCURRENT,
      timeoutMs: 5000,
    });
    const counter = countingClient(client);
    // Lines are built as in production (JSON, masked), then dropped.
    const logger = createLogger({ write: () => undefined });
    const uow = createUnitOfWork(database.db);
    const pids = new PurlPidProvider(counter.client, started.baseUrl);
    const deps: ServiceDeps = {
      uow,
      dataStore: await LocalDataStore.open(join(root, 'store')),
      pids,
      statusBoard: createStatusBoard({ pids, clock: systemClock }, { maxAgeMs: 600_000 }),
      // PURL reports a target URL only for a failed verify, so the template matters only then.
      registration: {
        landingUrlTemplate: 'https://data.example.edu/doi/{doi}',
        itemIdTemplate: DEFAULT_ITEM_ID_TEMPLATE,
      },
      curation: { requireTwoCurators: false },
      curators: staticCuratorDirectory([]),
      clock: systemClock,
      events: createEventRelay(uow.repos.outbox, systemClock, logger, { retentionDays: 30 }),
      logger,
      metrics: createPromMetrics(),
      lease: createWorkLease({ uow, clock: systemClock, logger }, 60_000),
    };

    let peakRss = 0;
    let rssAtEarlyMark: number | undefined;
    const sample = async () => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      const checked = (await uow.repos.jobRuns.running('verify_sweep'))?.counts.checked ?? 0;
      if (rssAtEarlyMark === undefined && checked >= EARLY_MARK) rssAtEarlyMark = peakRss;
    };
    const timer = setInterval(() => void sample(), 50);
    const t0 = performance.now();
    const finished = await (await launchVerifySweep(deps, 'bench')).finished;
    const seconds = (performance.now() - t0) / 1000;
    clearInterval(timer);
    await sample();

    const checked = finished.counts.checked ?? 0;
    const calls = [...counter.calls.values()].reduce((a, b) => a + b, 0);
    // PURL_MAX_RPS limits calls, and a verify is several of them: the fraction of the limit is calls per second over it.
    const achieved = calls / seconds;
    const perVerify = checked > 0 ? calls / checked : Number.NaN;
    const byMethod = [...counter.calls].map(([method, n]) => `${method} ${n}`).join(', ');
    const section = 'sweep';
    const setting = `PURL_MAX_RPS=${MAX_RPS}, PURL_MAX_CONCURRENT=${MAX_CONCURRENT}, page ${DEFAULT_SWEEP_PAGE_SIZE}; simulator in a child process`;
    const early = rssAtEarlyMark ?? Number.NaN;
    const label = `verify sweep ${IDENTIFIERS} @ ${MAX_RPS} calls/s`;
    return [
      {
        section,
        metric: `${label}: fraction of limit`,
        value: round(achieved / MAX_RPS, 3),
        unit: '',
        target: '≥ 0.95',
        note: `${round(achieved, 1)} PURL calls/s = ${round(checked / seconds, 1)} verifies/s; a verify costs ${round(perVerify, 2)} calls (read: state current, verify, metadata registrar); ${setting}`,
      },
      {
        section,
        metric: `${label}: duration`,
        value: round(seconds, 2),
        unit: 's',
        target: `${round(calls / MAX_RPS, 1)} s at the limit (${calls} calls)`,
        note: `${finished.outcome}: ${checked} checked, ${finished.counts.ok ?? 0} ok, ${finished.counts.failed ?? 0} failed, ${finished.counts.errors ?? 0} errors; calls by method: ${byMethod}`,
      },
      {
        section,
        metric: `verify sweep ${IDENTIFIERS}: peak RSS`,
        value: mib(peakRss),
        unit: 'MiB',
        note: 'bot process only',
      },
      {
        section,
        metric: `verify sweep: RSS growth ${EARLY_MARK} → ${IDENTIFIERS} identifiers`,
        value: mib(peakRss - early),
        unit: 'MiB',
        target: 'flat (≈ 0)',
        note: `peak RSS ${mib(early)} MiB after ${EARLY_MARK}, ${mib(peakRss)} MiB after ${IDENTIFIERS}`,
      },
    ];
  } finally {
    await client?.close();
    simulator?.kill('SIGTERM');
    if (simulator && simulator.exitCode === null) await once(simulator, 'exit');
    await database.close();
    rmSync(root, { recursive: true, force: true });
  }
}
