import type { FolderLocation } from '../../ports/dataStore.js';
import type { Repositories } from '../../ports/repositories.js';
import type { ServiceDeps } from '../runtime/serviceDeps.js';

/**
 * Moves a folder and writes the database change that records it as one unit.
 * The move is journalled first, runs as the last step inside the transaction
 * (a failed move rolls the rows back) and is undone if the commit fails; a crash
 * in between is repaired at the next start by `repairInterruptedMoves`.
 */
export async function moveFolderWithRecord<T>(
  deps: Pick<ServiceDeps, 'uow' | 'dataStore' | 'clock' | 'logger'>,
  from: FolderLocation,
  to: FolderLocation,
  record: (repos: Repositories) => Promise<T>,
): Promise<T> {
  const { uow, dataStore, clock, logger } = deps;
  const moveId = await uow.repos.folderMoves.start(from, to, clock.now().toISOString());
  let moved = false;
  try {
    const result = await uow.transaction(async (repos) => {
      const value = await record(repos);
      await dataStore.move(from, to);
      moved = true;
      return value;
    });
    await uow.repos.folderMoves.finish(moveId, 'done', clock.now().toISOString());
    return result;
  } catch (error) {
    if (moved) {
      await dataStore.move(to, from).catch((undoError: unknown) =>
        logger.error('could not move a folder back after a failed commit; it will be repaired at the next start', {
          from: dataStore.describe(from),
          to: dataStore.describe(to),
          error: undoError,
        }),
      );
    }
    await uow.repos.folderMoves.finish(moveId, 'rolled_back', clock.now().toISOString());
    throw error;
  }
}
