import type { Config } from './config/config.js';
import { staticCuratorDirectory } from './curators/staticCuratorDirectory.js';
import { LocalDataStore } from './datastore/localDataStore.js';
import { migrateToLatest, openDatabase, type OpenedDatabase } from './db/database.js';
import { createUnitOfWork } from './db/sqliteRepositories.js';
import type { Logger } from './logging/logger.js';
import { systemClock, type Clock } from './ports/clock.js';
import type { CuratorDirectory } from './ports/curatorDirectory.js';
import { createEventRelay } from './services/eventRelay.js';
import { repairInterruptedMoves } from './services/repairInterruptedMoves.js';
import type { ServiceDeps } from './services/serviceDeps.js';

export interface CoreOptions {
  logger: Logger;
  clock?: Clock;
  /** Replaces the configured curator list (the Slack app adds user-group membership). */
  curators?: CuratorDirectory;
}

export interface Core {
  deps: ServiceDeps;
  database: OpenedDatabase;
  close(): Promise<void>;
}

/**
 * The one place the core is wired: database (migrated), data store, curators,
 * event relay; interrupted folder moves are repaired before anything else runs.
 */
export async function createCore(config: Config, options: CoreOptions): Promise<Core> {
  const { logger } = options;
  const clock = options.clock ?? systemClock;
  const database = openDatabase(config.databasePath);
  try {
    const applied = await migrateToLatest(database.db);
    if (applied.length > 0) logger.info('database migrated', { applied, path: config.databasePath });
    const uow = createUnitOfWork(database.db);
    const deps: ServiceDeps = {
      uow,
      dataStore: await LocalDataStore.open(config.dataStoreRoot),
      curators: options.curators ?? staticCuratorDirectory(config.slack.curatorUserIds),
      clock,
      events: createEventRelay(uow.repos.outbox, clock, logger),
      logger,
    };
    await repairInterruptedMoves(deps);
    return {
      deps,
      database,
      async close() {
        await deps.events.idle();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
