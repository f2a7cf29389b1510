import { type Selectable, sql } from 'kysely';
import type { RequestSearchIndex } from '../../ports/repositories.js';
import type { RequestsTable } from '../schema.js';
import type { Db } from './db.js';
import { toRequest } from './requestRepository.js';

/**
 * Each word as an FTS5 prefix phrase ("word"*) in the searchable columns (never the requester's ID); a
 * requester's search also needs their ID in the requester column. The words are letters and digits, and
 * quoted all the same.
 */
function matchExpression(words: readonly string[], requesterId: string | undefined): string {
  const quote = (text: string) => `"${text.replaceAll('"', '""')}"`;
  const searched = `{title creators folder identifiers} : (${words.map((w) => `${quote(w)}*`).join(' ')})`;
  return requesterId === undefined ? searched : `requester : ${quote(requesterId)} AND ${searched}`;
}

/** The FTS5 table `request_search` (rowid = request id); triggers keep its rows in step with the tables it indexes. */
export function requestSearchIndex(db: Db): RequestSearchIndex {
  return {
    async search(words, scope, limit) {
      const requester = scope.requesterId === undefined ? sql`` : sql`and r.requester_id = ${scope.requesterId}`;
      const { rows } = await sql<Selectable<RequestsTable>>`
        select r.* from request_search s join requests r on r.id = s.rowid
        where request_search match ${matchExpression(words, scope.requesterId)} ${requester}
        order by s.rowid desc limit ${limit}`.execute(db);
      return rows.map(toRequest);
    },
    async setCreators(requestId, creators) {
      await sql`update request_search set creators = ${creators.join(' ')} where rowid = ${requestId}`.execute(db);
    },
  };
}
