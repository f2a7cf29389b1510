import type { FolderLocation } from '../../ports/dataStore.js';
import type { Repositories } from '../../ports/repositories.js';
import type { ServiceDeps } from '../runtime/serviceDeps.js';

/**
 * Moves a folder and writes the database change that records it as one unit.
 * The move is journalled first and runs as the last step inside the
 * transaction (a failed move rolls the rows back). If the transaction does not
 * commit, the folder is moved back. Once it has committed, the move stands
 * whatever fails afterwards: the database says the folder is at its new place.
 * Whenever the journal cannot be closed truthfully (an undo that failed, a
 * crash, an error after the commit), it stays open and `repairInterruptedMoves`
 * settles it at the next start from what the database records (once this
 * process, its owner, is gone).
 */
export async function moveFolderWithRecord<T>(
  deps: Pick<ServiceDeps, 'uow' | 'dataStore' | 'clock' | 'logger' | 'lease'>,
  from: FolderLocation,
  to: FolderLocation,
  record: (repos: Repositories) => Promise<T>,
): Promise<T> {
  const { uow, dataStore, clock, logger } = deps;
  const moveId = await uow.repos.folderMoves.start(from, to, deps.lease.owner, clock.now().toISOString());
  let moved = false;
  let result: T;
  try {
    result = await uow.transaction(async (repos) => {
      const value = await record(repos);
      await dataStore.move(from, to);
      moved = true;
      return value;
    });
  } catch (error) {
    await undoUncommittedMove(deps, moveId, moved ? { from, to } : undefined);
    throw error;
  }
  await uow.repos.folderMoves.finish(moveId, 'done', clock.now().toISOString()).catch((journalError: unknown) =>
    logger.warn('a committed folder move could not be marked done; the next start closes its journal', {
      from: dataStore.describe(from),
      to: dataStore.describe(to),
      err: journalError,
    }),
  );
  return result;
}

/** The transaction rolled back: the folder goes back (if it moved) and the journal closes, unless the undo failed. */
async function undoUncommittedMove(
  deps: Pick<ServiceDeps, 'uow' | 'dataStore' | 'clock' | 'logger'>,
  moveId: number,
  moved: { from: FolderLocation; to: FolderLocation } | undefined,
): Promise<void> {
  const { uow, dataStore, clock, logger } = deps;
  if (moved) {
    try {
      await dataStore.move(moved.to, moved.from);
    } catch (undoError) {
      logger.error('could not move a folder back after a failed commit; it will be repaired at the next start', {
        from: dataStore.describe(moved.from),
        to: dataStore.describe(moved.to),
        err: undoError,
      });
      return;
    }
  }
  await uow.repos.folderMoves.finish(moveId, 'rolled_back', clock.now().toISOString());
}
