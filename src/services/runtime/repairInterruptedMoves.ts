import type { ServiceDeps } from './serviceDeps.js';

export interface MoveRepair {
  from: string;
  to: string;
  outcome: 'kept' | 'moved_back' | 'nothing_to_do';
}

/**
 * Finishes the folder moves a crash interrupted: if the database records the
 * folder at its new place the move stands; otherwise the folder goes back. A
 * move whose owner is still alive (within the lease of its start, or of its
 * replica's last heartbeat: a long copy on another replica) is its own
 * business: it may be between the rename and the commit right now.
 */
export async function repairInterruptedMoves(
  deps: Pick<ServiceDeps, 'uow' | 'dataStore' | 'clock' | 'logger' | 'lease'>,
): Promise<MoveRepair[]> {
  const { uow, dataStore, clock, logger } = deps;
  const repairs: MoveRepair[] = [];
  for (const move of await uow.repos.folderMoves.unfinished()) {
    const lastSeen =
      move.ownerHeartbeatAt !== null && move.ownerHeartbeatAt > move.startedAt ? move.ownerHeartbeatAt : move.startedAt;
    if (!deps.lease.isAbandoned(move.owner, lastSeen)) continue;
    const recorded =
      move.to.area !== 'home' && (await uow.repos.requests.findByLocation(move.to.area, move.to.name)) !== undefined;
    const atTarget = await dataStore.exists(move.to);
    const atSource = await dataStore.exists(move.from);
    let outcome: MoveRepair['outcome'] = 'nothing_to_do';
    if (recorded) outcome = 'kept';
    else if (atTarget && !atSource) {
      await dataStore.move(move.to, move.from);
      outcome = 'moved_back';
    }
    await uow.repos.folderMoves.finish(move.id, 'repaired', clock.now().toISOString());
    const repair = { from: dataStore.describe(move.from), to: dataStore.describe(move.to), outcome };
    logger.warn('repaired an interrupted folder move', { ...repair });
    repairs.push(repair);
  }
  return repairs;
}
