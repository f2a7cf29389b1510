import { dirname, join } from 'node:path';
import { ConfigInvalid, type Config } from './config/config.js';
import { staticCuratorDirectory } from './curators/staticCuratorDirectory.js';
import { LocalDataStore } from './datastore/localDataStore.js';
import { migrateToLatest, openDatabase, type OpenedDatabase } from './db/database.js';
import { createUnitOfWork } from './db/sqliteRepositories.js';
import type { Logger } from './logging/logger.js';
import { systemClock, type Clock } from './ports/clock.js';
import type { CuratorDirectory } from './ports/curatorDirectory.js';
import type { PidProvider } from './ports/pidProvider.js';
import { RucorePurlClient } from './purl/rucorePurlClient.js';
import { startSandboxProvider } from './purl/sandboxProvider.js';
import type { PurlSimulator } from './purl/simulator/purlSimulator.js';
import { createEventRelay } from './services/eventRelay.js';
import { readItemMetadata } from './services/readItemMetadata.js';
import { reconcileMints } from './services/reconcileMints.js';
import { repairInterruptedMoves } from './services/repairInterruptedMoves.js';
import type { ServiceDeps } from './services/serviceDeps.js';

export interface CoreOptions {
  logger: Logger;
  clock?: Clock;
  /** Replaces the configured curator list (the Slack app adds user-group membership). */
  curators?: CuratorDirectory;
  /**
   * Repair interrupted folder moves and mints before anything runs (default true).
   * The bot does; a CLI command does not, since the bot may be mid-mint right now.
   */
  recover?: boolean;
}

export type PidProviderKind = 'purl' | 'sandbox';

export interface Core {
  deps: ServiceDeps;
  database: OpenedDatabase;
  /** `sandbox`: no PURL_BASE_URL, the built-in simulator serves and no real DOI is minted (for /healthz). */
  pidProviderKind: PidProviderKind;
  /** The built-in simulator when the sandbox serves (tests drive its fault switches). */
  purlSandbox?: PurlSimulator;
  close(): Promise<void>;
}

interface StartedProvider {
  provider: PidProvider;
  kind: PidProviderKind;
  sandbox?: PurlSimulator;
  close(): Promise<void>;
}

/**
 * The one place the core is wired: database (migrated), data store, curators,
 * PID provider, event relay. Before anything else runs, interrupted folder
 * moves are repaired and interrupted mints finished or marked failed.
 */
export async function createCore(config: Config, options: CoreOptions): Promise<Core> {
  const { logger } = options;
  const clock = options.clock ?? systemClock;
  const database = openDatabase(config.databasePath);
  let pids: StartedProvider | undefined;
  try {
    const applied = await migrateToLatest(database.db);
    if (applied.length > 0) logger.info('database migrated', { applied, path: config.databasePath });
    const uow = createUnitOfWork(database.db);
    const dataStore = await LocalDataStore.open(config.dataStoreRoot);
    pids = await startPidProvider(config, logger, (itemId) => readItemMetadata({ uow, dataStore }, itemId));
    const deps: ServiceDeps = {
      uow,
      dataStore,
      pids: pids.provider,
      curators: options.curators ?? staticCuratorDirectory(config.slack.curatorUserIds),
      clock,
      events: createEventRelay(uow.repos.outbox, clock, logger),
      logger,
    };
    // No one has subscribed yet: events raised while starting wait in the outbox until the caller's subscribers kick the relay.
    const starting: ServiceDeps = { ...deps, events: { ...deps.events, kick: () => undefined } };
    if (options.recover ?? true) {
      await repairInterruptedMoves(starting);
      await reconcileMints(starting);
    }
    const started = pids;
    return {
      deps,
      database,
      pidProviderKind: started.kind,
      ...(started.sandbox && { purlSandbox: started.sandbox }),
      async close() {
        await deps.events.idle();
        await started.close();
        await database.close();
      },
    };
  } catch (error) {
    await pids?.close();
    await database.close();
    throw error;
  }
}

/**
 * Opens the database only to apply pending migrations (`pidbot db migrate`);
 * returns the names applied. `createCore` migrates too, so this is how an
 * operator sees what a new version changes before starting it.
 */
export async function migrateDatabase(config: Config): Promise<string[]> {
  const database = openDatabase(config.databasePath);
  try {
    return await migrateToLatest(database.db);
  } finally {
    await database.close();
  }
}

/** The RUcore PURL client for PURL_BASE_URL, or the built-in sandbox when none is set. */
async function startPidProvider(
  config: Config,
  logger: Logger,
  itemMetadata: (itemId: string) => Promise<Record<string, unknown> | undefined>,
): Promise<StartedProvider> {
  const { purl } = config;
  if (purl.baseUrl === undefined) {
    // Kept beside the database so identifiers survive a restart (reconciliation asks the sandbox about them).
    const stateFile = config.databasePath === ':memory:' ? undefined : join(dirname(config.databasePath), 'purl-sandbox.json');
    const sandbox = await startSandboxProvider({ purl, logger, itemMetadata, ...(stateFile !== undefined && { stateFile }) });
    return { provider: sandbox.client, kind: 'sandbox', sandbox: sandbox.simulator, close: () => sandbox.close() };
  }
  if (purl.apiKey === undefined) {
    throw new ConfigInvalid([{ variable: 'PURL_API_KEY', expected: 'the PURL service authorization key; required when PURL_BASE_URL is set' }]);
  }
  const client = new RucorePurlClient({
    baseUrl: purl.baseUrl,
    apiKey: purl.apiKey,
    shoulder: purl.shoulder,
    maxRps: purl.maxRps,
    maxConcurrent: purl.maxConcurrent,
    timeoutMs: purl.timeoutMs,
    logger,
  });
  return { provider: client, kind: 'purl', close: () => client.close() };
}
