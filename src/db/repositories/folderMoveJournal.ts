import type { FolderLocation } from '../../ports/dataStore.js';
import type { FolderMoveJournal } from '../../ports/repositories.js';
import { workOwnerOf } from '../replicaSighting.js';
import type { Db } from './db.js';

/** The journal of folder moves that start-up repair reads. */
export function folderMoveJournal(db: Db): FolderMoveJournal {
  return {
    async start(from, to, owner, at) {
      const row = await db
        .insertInto('folder_moves')
        .values({
          from_json: JSON.stringify(from),
          to_json: JSON.stringify(to),
          started_at: at,
          finished_at: null,
          outcome: null,
          owner_id: owner.id,
          owner_host: owner.host,
          owner_pid: owner.pid,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },
    async finish(id, outcome, at) {
      await db.updateTable('folder_moves').set({ finished_at: at, outcome }).where('id', '=', id).execute();
    },
    async unfinished() {
      const rows = await db
        .selectFrom('folder_moves')
        .leftJoin('replicas', 'replicas.id', 'folder_moves.owner_id')
        .selectAll('folder_moves')
        .select('replicas.heartbeat_at')
        .where('finished_at', 'is', null)
        .orderBy('folder_moves.id')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        from: JSON.parse(r.from_json) as FolderLocation,
        to: JSON.parse(r.to_json) as FolderLocation,
        startedAt: r.started_at,
        owner: workOwnerOf(r.owner_id, r.owner_host, r.owner_pid),
        ownerHeartbeatAt: r.heartbeat_at,
      }));
    },
  };
}
