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
      const requester = scope.requesterId === undefined ? sql`` : sql`and r.requester_id = ${scope.requesterId}`;
      const { rows } = await sql<Selectable<RequestsTable>>`
        select r.* from request_search s join requests r on r.id = s.rowid
        where request_search match ${matchExpression(words)} ${requester}
        order by s.rowid desc limit ${limit}`.execute(db);
      return rows.map(toRequest);
    },
    async setCreators(requestId, creators) {
      await sql`update request_search set creators = ${creators.join(' ')} where rowid = ${requestId}`.execute(db);
    },
  };
}
