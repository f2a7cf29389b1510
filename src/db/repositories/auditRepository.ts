import type { AuditRepository } from '../../ports/repositories.js';
import type { Db } from './db.js';

/** Failed attempts, for the operator's audit. */
export function auditRepository(db: Db): AuditRepository {
  return {
    async recordFailedAttempt(a) {
      await db
        .insertInto('failed_attempts')
        .values({
          actor_id: a.actorId,
          action: a.action,
          input_json: JSON.stringify(a.input),
          problems_json: JSON.stringify(a.problems),
          created_at: a.at,
        })
        .execute();
    },
    async recentFailedAttempts(limit) {
      const rows = await db.selectFrom('failed_attempts').selectAll().orderBy('id', 'desc').limit(limit).execute();
      return rows.map((r) => ({
        actorId: r.actor_id,
        action: r.action,
        input: JSON.parse(r.input_json) as Record<string, unknown>,
        problems: JSON.parse(r.problems_json) as { path: string; description: string }[],
        at: r.created_at,
      }));
    },
  };
}
