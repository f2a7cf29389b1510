import { join } from 'node:path';
import { staticCuratorDirectory } from '../../src/curators/staticCuratorDirectory.js';
import { LocalDataStore } from '../../src/datastore/localDataStore.js';
import { migrateToLatest, type OpenedDatabase, openDatabase } from '../../src/db/database.js';
import { createUnitOfWork } from '../../src/db/sqliteRepositories.js';
import type { DomainEvent } from '../../src/domain/events.js';
import { createMemoryLogger } from '../../src/logging/logger.js';
import { createPromMetrics } from '../../src/metrics/promMetrics.js';
import type { Clock } from '../../src/ports/clock.js';
import { PurlPidProvider } from '../../src/providers/purl/purlPidProvider.js';
import { RucorePurlClient } from '../../src/providers/purl/rucorePurlClient.js';
import { type PurlSimulator, startPurlSimulator } from '../../src/sandbox/purl/purlSimulator.js';
import { createStatusBoard } from '../../src/services/monitoring/statusBoard.js';
import { createEventRelay } from '../../src/services/runtime/eventRelay.js';
import { createLeaderLease, type LeaderLease } from '../../src/services/runtime/leaderLease.js';
import type { ServiceDeps } from '../../src/services/runtime/serviceDeps.js';
import { createWorkLease } from '../../src/services/runtime/workLease.js';
import { makeTempDirectory } from '../support/tempDirectory.js';
import { CURATOR } from '../support/testCore.js';
import { type SeededIdentifier, seedPublicIdentifiers, writeSimulatorState } from './seedIdentifiers.js';

export interface ManualClock extends Clock {
  advance(ms: number): void;
}

export function manualClock(start = Date.parse('2026-01-01T00:00:00Z')): ManualClock {
  let t = start;
  return {
    now: () => new Date(t),
    advance: (ms) => {
      t += ms;
    },
  };
}

export interface SchedulerHarness {
  deps: ServiceDeps;
  database: OpenedDatabase;
  /** The PURL simulator the client talks to: `faults` to break it, `requestLog` to count calls. */
  sim: PurlSimulator;
  clock: ManualClock;
  seeded: SeededIdentifier[];
  /** The scheduler's events, in the order delivered. */
  events: DomainEvent[];
  logLines: string[];
  /** A scheduler lease of this harness's process (a lease of 30 s by the manual clock): one per started scheduler. */
  leadership(): LeaderLease;
  /** Waits until the outbox is delivered. */
  delivered(): Promise<void>;
  close(): Promise<void>;
}

export interface SchedulerHarnessOptions {
  /** Public identifiers seeded in the database and the simulator. */
  identifiers?: number;
  maxRps?: number;
  maxConcurrent?: number;
}

/**
 * A core for the scheduler's jobs: a temp database seeded with public
 * identifiers, and the real PURL client against a simulator that holds the
 * same identifiers (its default repository metadata names each one's DOI, so
 * they verify until a fault breaks them).
 */
export async function startSchedulerHarness(options: SchedulerHarnessOptions = {}): Promise<SchedulerHarness> {
  const temp = makeTempDirectory('pidbot-scheduler-');
  const database = openDatabase(join(temp.path, 'pidbot.db'));
  await migrateToLatest(database.db);
  const seeded = await seedPublicIdentifiers(database.db, options.identifiers ?? 0);
  const stateFile = join(temp.path, 'purl-sim.json');
  writeSimulatorState(stateFile, seeded);
  const sim = await startPurlSimulator({ stateFile });
  const client = new RucorePurlClient({
    baseUrl: sim.baseUrl,
    apiKey: sim.apiKey,
    shoulder: `doi:${sim.shoulder}`,
    maxRps: options.maxRps ?? 2000,
    maxConcurrent: options.maxConcurrent ?? 16,
    timeoutMs: 2000,
    retryBackoffMs: 10,
  });
  const pids = new PurlPidProvider(client, sim.baseUrl);
  const logger = createMemoryLogger();
  const clock = manualClock();
  const uow = createUnitOfWork(database.db);
  const deps: ServiceDeps = {
    uow,
    dataStore: await LocalDataStore.open(join(temp.path, 'store')),
    pids,
    statusBoard: createStatusBoard({ pids, clock }, { maxAgeMs: 600_000 }),
    registration: { landingUrlTemplate: 'http://localhost:3000/doi/{doi}', itemIdTemplate: 'pidbot-{requestId}' },
    curation: { requireTwoCurators: false },
    curators: staticCuratorDirectory([CURATOR]),
    clock,
    events: createEventRelay(uow.repos.outbox, clock, logger, {
      retentionDays: 30,
      claimant: 'scheduler-harness',
      claimMs: 60_000,
    }),
    logger,
    metrics: createPromMetrics(),
    lease: createWorkLease({ uow, clock, logger }, 60_000),
  };
  const events: DomainEvent[] = [];
  for (const type of ['AlertRaised', 'AlertReminder', 'AlertResolved', 'VerifySweepCompleted'] as const) {
    deps.events.subscribe(type, async (event) => void events.push(event));
  }
  return {
    deps,
    database,
    sim,
    clock,
    seeded,
    events,
    logLines: logger.lines,
    leadership: () => createLeaderLease(deps, 30_000),
    async delivered() {
      await deps.events.idle();
      await deps.events.deliverPending();
    },
    async close() {
      await deps.events.idle();
      await pids.close();
      await sim.close();
      await database.close();
      temp.remove();
    },
  };
}
