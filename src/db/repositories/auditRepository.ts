import { capProblems } from '../../domain/errors.js';
import type { AuditRepository, FailedAttempt } from '../../ports/repositories.js';
import type { Db } from './db.js';

/** Longest text kept of any one input value or problem; a row stays small whatever was typed or found. */
const MAX_STORED_TEXT = 1000;

function clip(text: string): string {
  return text.length <= MAX_STORED_TEXT ? text : `${text.slice(0, MAX_STORED_TEXT)}… (${text.length} characters)`;
}

/** At most `MAX_LISTED_PROBLEMS` problems (then how many more) and every text clipped: bounded per attempt. */
function bounded(a: FailedAttempt): Pick<FailedAttempt, 'input' | 'problems'> {
  return {
    input: Object.fromEntries(Object.entries(a.input).map(([k, v]) => [k, typeof v === 'string' ? clip(v) : v])),
    problems: capProblems(a.problems).map((p) => ({ ...p, path: clip(p.path), description: clip(p.description) })),
  };
}

/** Failed attempts, for the operator's audit. */
export function auditRepository(db: Db): AuditRepository {
  return {
    async recordFailedAttempt(a) {
      const { input, problems } = bounded(a);
      await db
        .insertInto('failed_attempts')
        .values({
          actor_id: a.actorId,
          action: a.action,
          input_json: JSON.stringify(input),
          problems_json: JSON.stringify(problems),
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
        problems: JSON.parse(r.problems_json) as FailedAttempt['problems'],
        at: r.created_at,
      }));
    },
  };
}
