import type { RequestTypeRepository, StatusCodeRepository } from '../../ports/repositories.js';
import { dialectOf } from '../sqlDialect.js';
import type { Db } from './db.js';

/** The request types. */
export function requestTypeRepository(db: Db): RequestTypeRepository {
  return {
    list: () => db.selectFrom('request_types').selectAll().orderBy('name').execute(),
    find: (name) => db.selectFrom('request_types').selectAll().where('name', '=', name).executeTakeFirst(),
  };
}

/** Status codes, built-in first, then curators' own in the order they were added. */
export function statusCodeRepository(db: Db): StatusCodeRepository {
  return {
    async list() {
      const rows = await db
        .selectFrom('status_codes')
        .selectAll()
        .orderBy('builtin', 'desc')
        .orderBy(dialectOf(db).insertionOrder)
        .execute();
      return rows.map((r) => ({ code: r.code, description: r.description, builtin: r.builtin === 1 }));
    },
    async add(code, createdBy, at) {
      await db
        .insertInto('status_codes')
        .values({ code: code.code, description: code.description, builtin: 0, created_by: createdBy, created_at: at })
        .execute();
      return { ...code, builtin: false };
    },
  };
}
