import type { Kysely } from 'kysely';
import type { Repositories, UnitOfWork } from '../ports/repositories.js';
import { auditRepository } from './repositories/auditRepository.js';
import { requestTypeRepository, statusCodeRepository } from './repositories/catalogueRepositories.js';
import { contentManifestRepository } from './repositories/contentManifestRepository.js';
import type { Db } from './repositories/db.js';
import { eventOutbox } from './repositories/eventOutbox.js';
import { folderMoveJournal } from './repositories/folderMoveJournal.js';
import { historyRepository } from './repositories/historyRepository.js';
import { identifierRepository } from './repositories/identifierRepository.js';
import { metadataSummaryCache } from './repositories/metadataSummaryCache.js';
import { mintJournal } from './repositories/mintJournal.js';
import { permissionRepository } from './repositories/permissionRepository.js';
import { reminderLog } from './repositories/reminderLog.js';
import { replicaRegistry } from './repositories/replicaRegistry.js';
import { requestRepository } from './repositories/requestRepository.js';
import { requestSearchIndex } from './repositories/requestSearchIndex.js';
import type { Database } from './schema.js';
import { createSchedulerRepositories } from './sqliteSchedulerRepositories.js';

export interface UnitOfWorkOptions {
  /** How this process's changes arrive when not through Slack (the CLI and its OS user); recorded in the status history. */
  via?: string;
}

/** Every repository over the same database handle (or the same transaction). */
export function createRepositories(db: Db, options: UnitOfWorkOptions = {}): Repositories {
  return {
    requests: requestRepository(db),
    requestTypes: requestTypeRepository(db),
    statusCodes: statusCodeRepository(db),
    history: historyRepository(db, options.via ?? null),
    permissions: permissionRepository(db),
    audit: auditRepository(db),
    folderMoves: folderMoveJournal(db),
    outbox: eventOutbox(db),
    identifiers: identifierRepository(db),
    mintJournal: mintJournal(db),
    metadataSummaries: metadataSummaryCache(db),
    contentManifests: contentManifestRepository(db),
    requestSearch: requestSearchIndex(db),
    reminders: reminderLog(db),
    replicas: replicaRegistry(db),
    ...createSchedulerRepositories(db),
  };
}

export function createUnitOfWork(db: Kysely<Database>, options: UnitOfWorkOptions = {}): UnitOfWork {
  return {
    repos: createRepositories(db, options),
    transaction: (work) => db.transaction().execute((trx) => work(createRepositories(trx, options))),
  };
}
