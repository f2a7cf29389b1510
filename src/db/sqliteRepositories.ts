import type { Kysely } from 'kysely';
import type { Repositories, UnitOfWork } from '../ports/repositories.js';
import { auditRepository } from './repositories/auditRepository.js';
import { requestTypeRepository, statusCodeRepository } from './repositories/catalogueRepositories.js';
import type { Db } from './repositories/db.js';
import { eventOutbox } from './repositories/eventOutbox.js';
import { folderMoveJournal } from './repositories/folderMoveJournal.js';
import { historyRepository } from './repositories/historyRepository.js';
import { identifierRepository } from './repositories/identifierRepository.js';
import { metadataSummaryCache } from './repositories/metadataSummaryCache.js';
import { mintJournal } from './repositories/mintJournal.js';
import { permissionRepository } from './repositories/permissionRepository.js';
import { requestRepository } from './repositories/requestRepository.js';
import type { Database } from './schema.js';
import { createSchedulerRepositories } from './sqliteSchedulerRepositories.js';

/** Every repository over the same database handle (or the same transaction). */
export function createRepositories(db: Db): Repositories {
  return {
    requests: requestRepository(db),
    requestTypes: requestTypeRepository(db),
    statusCodes: statusCodeRepository(db),
    history: historyRepository(db),
    permissions: permissionRepository(db),
    audit: auditRepository(db),
    folderMoves: folderMoveJournal(db),
    outbox: eventOutbox(db),
    identifiers: identifierRepository(db),
    mintJournal: mintJournal(db),
    metadataSummaries: metadataSummaryCache(db),
    ...createSchedulerRepositories(db),
  };
}

export function createUnitOfWork(db: Kysely<Database>): UnitOfWork {
  return {
    repos: createRepositories(db),
    transaction: (work) => db.transaction().execute((trx) => work(createRepositories(trx))),
  };
}
