import { type Selectable, sql } from 'kysely';
import type { RequestSearchIndex } from '../../ports/repositories.js';
import type { RequestsTable } from '../schema.js';
import type { Db } from './db.js';
import { toRequest } from './requestRepository.js';

/** Each word as an FTS5 prefix phrase ("word"*): the words are letters and digits, quoted all the same. */
function matchExpression(words: readonly string[]): string {
  return words.map((w) => `"${w.replaceAll('"', '""')}"*`).join(' ');
}

/** The FTS5 table `request_search` (rowid = request id); triggers keep its rows in step with the tables it indexes. */
export function requestSearchIndex(db: Db): RequestSearchIndex {
  return {
    async search(words, scope, limit) {
      const match = matchExpression(words);
      // A requester has few requests: walk theirs (index on requester_id, id) and test each against the
      // index by rowid, rather than walk every match of a common word looking for theirs.
      const query =
        scope.requesterId === undefined
          ? sql<Selectable<RequestsTable>>`
              select r.* from request_search s join requests r on r.id = s.rowid
              where request_search match ${match} order by s.rowid desc limit ${limit}`
          : sql<Selectable<RequestsTable>>`
              select r.* from requests r where r.requester_id = ${scope.requesterId}
                and exists (select 1 from request_search s where s.rowid = r.id and request_search match ${match})
              order by r.id desc limit ${limit}`;
      return (await query.execute(db)).rows.map(toRequest);
    },
    async setCreators(requestId, creators) {
      await sql`update request_search set creators = ${creators.join(' ')} where rowid = ${requestId}`.execute(db);
    },
  };
}
