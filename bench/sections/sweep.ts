/**
 * The scheduler's verify sweep over 20,000 public identifiers at
 * PURL_MAX_RPS = 500, through the real service (keyset pages, checkpoints,
 * one database write per identifier) and the real PURL client. The simulator
 * runs in a child process, so the RSS figures are the bot's alone. Reports the
 * achieved rate as a fraction of the limit, peak RSS, and RSS after 2,000
 * versus after 20,000 identifiers (target: flat).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { staticCuratorDirectory } from '../../src/curators/staticCuratorDirectory.js';
import { LocalDataStore } from '../../src/datastore/localDataStore.js';
import { migrateToLatest, openDatabase } from '../../src/db/database.js';
import { createUnitOfWork } from '../../src/db/sqliteRepositories.js';
import { createLogger } from '../../src/logging/logger.js';
import { systemClock } from '../../src/ports/clock.js';
import { RucorePurlClient } from '../../src/providers/purl/rucorePurlClient.js';
import { createEventRelay } from '../../src/services/eventRelay.js';
import { DEFAULT_SWEEP_PAGE_SIZE, launchVerifySweep } from '../../src/services/runVerifySweep.js';
import type { ServiceDeps } from '../../src/services/serviceDeps.js';
import { seedPublicIdentifiers, writeSimulatorState } from '../../test/scheduler/seedIdentifiers.js';
import type { BenchRow } from '../benchRow.js';

const IDENTIFIERS = 20_000;
const EARLY_MARK = 2_000;
const MAX_RPS = 500;
const MAX_CONCURRENT = 16;
const API_KEY = 'bench-sweep-key-0123456789';

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
const mib = (bytes: number) => round(bytes / 2 ** 20, 1);

/** `npm run purl-sim` in a child process on a free port, holding the seeded identifiers. */
async function startSimulatorProcess(stateFile: string): Promise<{ baseUrl: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('../../src/purl/simulator/main.ts', import.meta.url).pathname], {
    env: { ...process.env, PURL_SIM_PORT: '0', PURL_API_KEY: API_KEY, PURL_SIM_STATE_FILE: stateFile },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const [baseUrl] = (await Promise.race([once(lines, 'line'), once(child, 'exit').then(() => ['exited'])])) as string[];
  if (!baseUrl?.startsWith('http')) throw new Error(`the PURL simulator did not start (${baseUrl})`);
  return { baseUrl, child };
}

export async function run(): Promise<BenchRow[]> {
  const root = mkdtempSync(join(tmpdir(), 'pidbot-bench-sweep-'));
  const database = openDatabase(join(root, 'pidbot.db'));
  let simulator: ChildProcess | undefined;
  let pids: RucorePurlClient | undefined;
  try {
    await migrateToLatest(database.db);
    const stateFile = join(root, 'purl-sim.json');
    writeSimulatorState(stateFile, await seedPublicIdentifiers(database.db, IDENTIFIERS));
    const started = await startSimulatorProcess(stateFile);
    simulator = started.child;
    pids = new RucorePurlClient({ baseUrl: started.baseUrl, apiKey: API_KEY, shoulder: 'doi:10.5072/FK2', maxRps: MAX_RPS, maxConcurrent: MAX_CONCURRENT, timeoutMs: 5000 });
    // Lines are built as in production (JSON, masked), then dropped.
    const logger = createLogger({ write: () => undefined });
    const uow = createUnitOfWork(database.db);
    const deps: ServiceDeps = {
      uow,
      dataStore: await LocalDataStore.open(join(root, 'store')),
      pids,
      curators: staticCuratorDirectory([]),
      clock: systemClock,
      events: createEventRelay(uow.repos.outbox, systemClock, logger),
      logger,
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
    const achieved = checked / seconds;
    const section = 'sweep';
    const setting = `PURL_MAX_RPS=${MAX_RPS}, PURL_MAX_CONCURRENT=${MAX_CONCURRENT}, page ${DEFAULT_SWEEP_PAGE_SIZE}; simulator in a child process`;
    const early = rssAtEarlyMark ?? Number.NaN;
    return [
      { section, metric: `verify sweep ${IDENTIFIERS} @ ${MAX_RPS}/s: fraction of limit`, value: round(achieved / MAX_RPS, 3), unit: '', target: '≥ 0.95', note: `${round(achieved, 1)} verifies/s; ${setting}` },
      { section, metric: `verify sweep ${IDENTIFIERS} @ ${MAX_RPS}/s: duration`, value: round(seconds, 2), unit: 's', target: `${IDENTIFIERS / MAX_RPS} s at the limit`, note: `${finished.outcome}: ${checked} checked, ${finished.counts.ok ?? 0} ok` },
      { section, metric: `verify sweep ${IDENTIFIERS}: peak RSS`, value: mib(peakRss), unit: 'MiB', note: 'bot process only' },
      { section, metric: `verify sweep: RSS growth ${EARLY_MARK} → ${IDENTIFIERS} identifiers`, value: mib(peakRss - early), unit: 'MiB', target: 'flat (≈ 0)', note: `peak RSS ${mib(early)} MiB after ${EARLY_MARK}, ${mib(peakRss)} MiB after ${IDENTIFIERS}` },
    ];
  } finally {
    await pids?.close();
    simulator?.kill('SIGTERM');
    if (simulator && simulator.exitCode === null) await once(simulator, 'exit');
    await database.close();
    rmSync(root, { recursive: true, force: true });
  }
}
