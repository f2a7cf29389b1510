/**
 * The verify sweep as production runs it, for the sweep bench: the real
 * service over a seeded SQLite database (keyset pages, checkpoints, one write
 * per identifier), the PURL adapter behind the PID port and the real PURL
 * client, against `npm run purl-sim` in a child process (so this process's
 * RSS is the bot's alone). Seeding is a separate step (`seedSweep`), so a
 * process that only sweeps can be measured without the seeding's memory.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
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
import { launchVerifySweep } from '../../src/services/identifiers/runVerifySweep.js';
import { createStatusBoard } from '../../src/services/monitoring/statusBoard.js';
import { createEventRelay } from '../../src/services/runtime/eventRelay.js';
import type { ServiceDeps } from '../../src/services/runtime/serviceDeps.js';
import { createWorkLease } from '../../src/services/runtime/workLease.js';
import { seedPublicIdentifiers, writeSimulatorState } from '../../test/scheduler/seedIdentifiers.js';

const API_KEY = 'bench-sweep-key-0123456789';
const databaseFile = (root: string) => join(root, 'pidbot.db');
const simulatorStateFile = (root: string) => join(root, 'purl-sim.json');

/** `count` findable identifiers in `root`'s database, and the simulator's state holding them, public. */
export async function seedSweep(root: string, count: number): Promise<void> {
  const database = openDatabase(databaseFile(root));
  try {
    await migrateToLatest(database.db);
    writeSimulatorState(simulatorStateFile(root), await seedPublicIdentifiers(database.db, count));
  } finally {
    await database.close();
  }
}

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

export interface SweepMeasurement {
  seconds: number;
  /** CPU time this process (the bot) spent during the sweep, user + system. */
  cpuSeconds: number;
  checked: number;
  ok: number;
  failed: number;
  errors: number;
  outcome: string;
  /** PURL calls made, all methods. */
  calls: number;
  /** e.g. "currentState 2000, verify 2000, metadata 2000". */
  callsByMethod: string;
}

export interface SweepRig {
  /** One whole sweep (every findable identifier), timed from launch to its end. */
  sweep(): Promise<SweepMeasurement>;
  close(): Promise<void>;
}

/** Opens `root`'s seeded database and a client paced at `maxRps` with `maxConcurrent` slots. */
export async function openSweepRig(root: string, limits: { maxRps: number; maxConcurrent: number }): Promise<SweepRig> {
  const database = openDatabase(databaseFile(root));
  const simulator = await startSimulatorProcess(simulatorStateFile(root)).catch(async (error: unknown) => {
    await database.close();
    throw error;
  });
  const client = new RucorePurlClient({
    baseUrl: simulator.baseUrl,
    apiKey: API_KEY,
    shoulder: 'doi:10.5072/FK2',
    ...limits,
    timeoutMs: 5000,
  });
  const counter = countingClient(client);
  // Lines are built as in production (JSON, masked), then dropped.
  const logger = createLogger({ write: () => undefined });
  const uow = createUnitOfWork(database.db);
  const pids = new PurlPidProvider(counter.client, simulator.baseUrl);
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
    events: createEventRelay(uow.repos.outbox, systemClock, logger, {
      retentionDays: 30,
      claimant: 'sweep-bench',
      claimMs: 60_000,
    }),
    logger,
    metrics: createPromMetrics(),
    lease: createWorkLease({ uow, clock: systemClock, logger }, 60_000),
  };
  return {
    async sweep() {
      counter.calls.clear();
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      const finished = await (await launchVerifySweep(deps, 'bench')).finished;
      const seconds = (performance.now() - started) / 1000;
      const cpu = process.cpuUsage(cpuBefore);
      const { counts } = finished;
      return {
        seconds,
        cpuSeconds: (cpu.user + cpu.system) / 1e6,
        checked: counts.checked ?? 0,
        ok: counts.ok ?? 0,
        failed: counts.failed ?? 0,
        errors: counts.errors ?? 0,
        outcome: finished.outcome,
        calls: [...counter.calls.values()].reduce((a, b) => a + b, 0),
        callsByMethod: [...counter.calls].map(([method, n]) => `${method} ${n}`).join(', '),
      };
    },
    async close() {
      await client.close();
      simulator.child.kill('SIGTERM');
      if (simulator.child.exitCode === null) await once(simulator.child, 'exit');
      await database.close();
    },
  };
}
