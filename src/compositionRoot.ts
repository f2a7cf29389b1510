import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Config, PidProviderName } from './config/config.js';
import { staticCuratorDirectory } from './curators/staticCuratorDirectory.js';
import { LocalDataStore } from './datastore/localDataStore.js';
import { type CopyOptions, type CopyReport, copySqliteToPostgres } from './db/copyToPostgres.js';
import { migrateToLatest, type OpenedDatabase, openDatabase, openSqlite, requireCurrentSchema } from './db/database.js';
import { isPostgresUrl, redactedUrl } from './db/postgresDatabase.js';
import { createUnitOfWork } from './db/sqliteRepositories.js';
import { InvalidInput, NotFound } from './domain/errors.js';
import type { Logger } from './logging/logger.js';
import { measuredPidProvider } from './metrics/measuredPidProvider.js';
import { createPromMetrics } from './metrics/promMetrics.js';
import { type Clock, systemClock } from './ports/clock.js';
import type { CuratorDirectory } from './ports/curatorDirectory.js';
import type { Metrics, MetricsExporter } from './ports/metrics.js';
import type { PidProvider } from './ports/pidProvider.js';
import { createDataciteProvider } from './providers/datacite/createDataciteProvider.js';
import { createPurlProvider } from './providers/purl/createPurlProvider.js';
import { createGotWebProbe } from './providers/web/gotWebProbe.js';
import type { PurlSimulator } from './sandbox/purl/purlSimulator.js';
import { startSandboxProvider } from './sandbox/purl/sandboxProvider.js';
import { itemRegistrationMetadata } from './services/minting/itemRegistrationMetadata.js';
import { reconcileMints } from './services/minting/reconcileMints.js';
import { createStatusBoard } from './services/monitoring/statusBoard.js';
import { createEventRelay } from './services/runtime/eventRelay.js';
import { repairInterruptedMoves } from './services/runtime/repairInterruptedMoves.js';
import type { ServiceDeps } from './services/runtime/serviceDeps.js';
import { createWorkLease } from './services/runtime/workLease.js';

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
  /**
   * Apply pending migrations (default true: the bot's start). The CLI passes
   * false: it refuses a schema older or newer than its own (`SchemaMismatch`)
   * and leaves migrating to `pidbot db migrate`.
   */
  migrate?: boolean;
  /** Where services and the PID provider record; default: a registry of this core's own (without process metrics). */
  metrics?: Metrics & MetricsExporter;
  /** How this process's changes arrive when not through Slack (the CLI and its OS user); the status history records it. */
  via?: string;
}

export interface Core {
  deps: ServiceDeps;
  database: OpenedDatabase;
  /** Which provider mints; `sandbox`: the built-in simulator serves and no real identifier is minted. */
  pidProvider: PidProviderName;
  /** The built-in simulator when the sandbox serves (tests drive its fault switches). */
  purlSandbox?: PurlSimulator;
  /** Everything `deps.metrics` recorded, for `GET /metrics`. */
  metrics: MetricsExporter;
  close(): Promise<void>;
}

interface StartedProvider {
  provider: PidProvider;
  sandbox?: PurlSimulator;
  close(): Promise<void>;
}

/**
 * The one place the core is wired: database (migrated), data store, curators,
 * metrics, PID provider (every call counted and timed), event relay. Before
 * anything else runs, interrupted folder moves are repaired and interrupted
 * mints finished or marked failed.
 */
export async function createCore(config: Config, options: CoreOptions): Promise<Core> {
  const { logger } = options;
  const clock = options.clock ?? systemClock;
  const metrics = options.metrics ?? createPromMetrics();
  const database = openDatabase(config.databasePath);
  let pids: StartedProvider | undefined;
  let lease: ServiceDeps['lease'] | undefined;
  try {
    if (options.migrate ?? true) {
      const applied = await migrateToLatest(database.db);
      if (applied.length > 0) logger.info('database migrated', { applied, path: redactedUrl(config.databasePath) });
    } else {
      await requireCurrentSchema(database.db, redactedUrl(config.databasePath));
    }
    const uow = createUnitOfWork(database.db, { ...(options.via !== undefined && { via: options.via }) });
    const dataStore = await LocalDataStore.open(config.dataStoreRoot);
    const registration = config.registration;
    pids = await startPidProvider(config, logger, (itemId) =>
      sandboxItemMetadata({ uow, dataStore, registration }, itemId),
    );
    const measuredPids = measuredPidProvider(pids.provider, config.pidProvider, metrics);
    lease = createWorkLease({ uow, clock, logger }, config.mintLeaseMs);
    await lease.join();
    const deps: ServiceDeps = {
      uow,
      dataStore,
      pids: measuredPids,
      statusBoard: createStatusBoard({ pids: measuredPids, clock }, { maxAgeMs: config.statusMaxAgeS * 1000 }),
      registration,
      curation: config.curation,
      curators: options.curators ?? staticCuratorDirectory(config.slack.curatorUserIds),
      clock,
      events: createEventRelay(uow.repos.outbox, clock, logger, {
        retentionDays: config.outboxRetentionDays,
        claimant: lease.owner.id,
        claimMs: config.mintLeaseMs,
      }),
      logger,
      metrics,
      lease,
      ...(config.resolution.enabled && {
        resolution: { probe: createGotWebProbe(config.resolution), resolvers: config.resolution.resolvers },
      }),
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
      pidProvider: config.pidProvider,
      ...(started.sandbox && { purlSandbox: started.sandbox }),
      metrics,
      async close() {
        await deps.events.idle();
        await deps.lease.close();
        await deps.resolution?.probe.close();
        await started.close();
        await database.close();
      },
    };
  } catch (error) {
    await lease?.close();
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

/**
 * Writes a consistent copy of the database to `target` without migrating or
 * checking its schema (`pidbot db backup`: the copy taken before a migration);
 * returns the number of pages copied.
 */
export async function backupDatabase(config: Config, target: string): Promise<number> {
  if (isPostgresUrl(config.databasePath))
    throw new InvalidInput(
      [
        {
          path: 'DATABASE_URL',
          description: 'is PostgreSQL; back it up with its own tools (pg_dump, continuous archiving)',
        },
      ],
      'pidbot db backup copies a SQLite file',
    );
  if (!existsSync(config.databasePath))
    throw new NotFound(`There is no database at ${config.databasePath} to back up; check DATABASE_URL.`);
  const database = openSqlite(config.databasePath);
  try {
    // Every page in one step: SQLite restarts a step-wise backup whenever another connection writes, so a busy bot could starve it.
    const { totalPages } = await database.sqlite.backup(target, { progress: () => ALL_PAGES });
    return totalPages;
  } finally {
    await database.close();
  }
}

const ALL_PAGES = 0x7fffffff;

/**
 * Copies the configured SQLite database into the PostgreSQL database `targetUrl` (`pidbot db copy`):
 * the way an install moves to PostgreSQL. The source is only read, so the bot may keep running meanwhile
 * (what it writes after the copy's snapshot stays behind: stop it before the copy that counts).
 */
export async function copyDatabaseToPostgres(
  config: Config,
  targetUrl: string,
  options: CopyOptions,
): Promise<CopyReport> {
  const refuse = (path: string, description: string) =>
    new InvalidInput([{ path, description }], 'pidbot db copy copies a SQLite database into PostgreSQL');
  if (isPostgresUrl(config.databasePath))
    throw refuse('DATABASE_URL', `is PostgreSQL (${redactedUrl(config.databasePath)}); the source must be SQLite`);
  if (!isPostgresUrl(targetUrl)) throw refuse('--to', 'expected a postgres:// URL');
  if (!existsSync(config.databasePath))
    throw new NotFound(`There is no database at ${config.databasePath} to copy; check DATABASE_URL.`);
  return copySqliteToPostgres(config.databasePath, targetUrl, options);
}

/**
 * The PID provider PID_PROVIDER names. Adding a provider: its adapter folder,
 * its config block, and one case here.
 */
async function startPidProvider(
  config: Config,
  logger: Logger,
  itemMetadata: (itemId: string) => Promise<Record<string, unknown> | undefined>,
): Promise<StartedProvider> {
  switch (config.pidProvider) {
    case 'sandbox':
      return startSandbox(config, logger, itemMetadata);
    case 'purl':
      return providerOnly(
        createPurlProvider(
          { ...config.purl, baseUrl: config.purl.baseUrl ?? '', apiKey: config.purl.apiKey ?? '' },
          logger,
        ),
      );
    case 'datacite':
      return providerOnly(createDataciteProvider(config.datacite, logger));
  }
}

function providerOnly(provider: PidProvider): StartedProvider {
  return { provider, close: () => provider.close() };
}

async function startSandbox(
  config: Config,
  logger: Logger,
  itemMetadata: (itemId: string) => Promise<Record<string, unknown> | undefined>,
): Promise<StartedProvider> {
  // Kept beside the database so identifiers survive a restart (reconciliation asks the sandbox about them).
  const stateFile = isPostgresUrl(config.databasePath)
    ? join(dirname(config.dataStoreRoot), 'purl-sandbox.json')
    : config.databasePath === ':memory:'
      ? undefined
      : join(dirname(config.databasePath), 'purl-sandbox.json');
  const sandbox = await startSandboxProvider({
    purl: config.purl,
    logger,
    itemMetadata,
    ...(stateFile !== undefined && { stateFile }),
  });
  return { provider: sandbox.provider, sandbox: sandbox.simulator, close: () => sandbox.close() };
}

/** The sandbox's repository side: an item's DataCite JSON, or none while it has no identifier or invalid metadata. */
async function sandboxItemMetadata(
  deps: Parameters<typeof itemRegistrationMetadata>[0],
  itemId: string,
): Promise<Record<string, unknown> | undefined> {
  try {
    return (await itemRegistrationMetadata(deps, itemId))?.metadata;
  } catch (error) {
    if (error instanceof InvalidInput) return undefined;
    throw error;
  }
}
