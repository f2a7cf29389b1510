import type { ReplicaRegistry } from '../../ports/repositories.js';
import type { Db } from './db.js';

/** The `replicas` table: one row per running bot process, its heartbeat refreshed while it runs. */
export function replicaRegistry(db: Db): ReplicaRegistry {
  return {
    async beat(owner, at) {
      await db
        .insertInto('replicas')
        .values({ id: owner.id, host: owner.host, pid: owner.pid, started_at: at, heartbeat_at: at })
        .onConflict((oc) => oc.column('id').doUpdateSet({ heartbeat_at: at }))
        .execute();
    },
    async leave(ownerId) {
      await db.deleteFrom('replicas').where('id', '=', ownerId).execute();
    },
    async forgetSilentSince(before) {
      const result = await db.deleteFrom('replicas').where('heartbeat_at', '<', before).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
