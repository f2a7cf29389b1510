import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { HomeFilter, HomeViewerStore } from '../ports/homeViewers.js';
import type { Database } from './schema.js';

const storedFilter = z.object({
  status: z.string().optional(),
  type: z.string().optional(),
  requesterId: z.string().optional(),
  mine: z.boolean().optional(),
  offset: z.number().int().nonnegative().optional(),
});

export function createHomeViewerStore(db: Kysely<Database>): HomeViewerStore {
  return {
    async opened(userId, at) {
      await db
        .insertInto('home_viewers')
        .values({ user_id: userId, opened_at: at })
        .onConflict((oc) => oc.column('user_id').doUpdateSet({ opened_at: at }))
        .execute();
    },
    async openedSince(since, limit) {
      const rows = await db
        .selectFrom('home_viewers')
        .select('user_id')
        .where('opened_at', '>=', since)
        .orderBy('opened_at', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => r.user_id);
    },
    async filterOf(userId) {
      const row = await db
        .selectFrom('home_viewers')
        .select('filter_json')
        .where('user_id', '=', userId)
        .executeTakeFirst();
      // A filter this build cannot read is dropped: the viewer sees the whole queue.
      const parsed = row ? storedFilter.safeParse(JSON.parse(row.filter_json)) : undefined;
      return parsed?.success ? (parsed.data as HomeFilter) : {};
    },
    async saveFilter(userId, filter, at) {
      const json = JSON.stringify(filter);
      await db
        .insertInto('home_viewers')
        .values({ user_id: userId, opened_at: at, filter_json: json })
        .onConflict((oc) => oc.column('user_id').doUpdateSet({ filter_json: json, opened_at: at }))
        .execute();
    },
    async forgetBefore(before) {
      const result = await db.deleteFrom('home_viewers').where('opened_at', '<', before).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
