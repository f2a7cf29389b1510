import { type Selectable, sql } from 'kysely';
import type { RequestsTable } from '../schema.js';
import { REQUEST_SEARCH_TRIGGERS, type RequestSearchSql, type SearchIndexRow } from './requestSearchSql.js';

// `/pid find`: one FTS5 row per request (rowid = request id) over its title, creators, folder name and
// identifiers, so a word search stays an index lookup at 100k requests. The requester's ID is a column too:
// a requester's search ANDs it in, so FTS5 intersects their few rows with the words' rows instead of
// walking every match of a common word looking for theirs. Triggers keep it in step with every
// write to requests, identifiers and the metadata summaries (the creators come from the folder's metadata:
// submission stores them, and a summary recomputed after the file changed replaces them).
const IDENTIFIERS_OF = (requestId: string) =>
  `coalesce((select doi || ' ' || coalesce(ark, '') from identifiers where request_id = ${requestId}), '')`;
const CREATORS_OF = (summaryJson: string) =>
  `coalesce((select group_concat(value, ' ') from json_each(${summaryJson}, '$.creators')), '')`;

const STATEMENTS = [
  `create virtual table request_search using fts5(
     title, creators, folder, identifiers, requester, tokenize = 'unicode61 remove_diacritics 2'
   )`,
  `insert into request_search (rowid, title, creators, folder, identifiers, requester)
     select r.id, r.title,
       coalesce((select ${CREATORS_OF('m.summary_json')} from metadata_summaries m
                 where m.request_id = r.id and m.summary_json is not null), ''),
       r.folder_name, ${IDENTIFIERS_OF('r.id')}, r.requester_id
     from requests r`,
  `create trigger request_search_insert after insert on requests begin
     insert into request_search (rowid, title, creators, folder, identifiers, requester)
       values (new.id, new.title, '', new.folder_name, '', new.requester_id);
   end`,
  `create trigger request_search_update after update of title, folder_name on requests begin
     update request_search set title = new.title, folder = new.folder_name where rowid = new.id;
   end`,
  `create trigger request_search_delete after delete on requests begin
     delete from request_search where rowid = old.id;
   end`,
  ...['insert', 'update of doi, ark'].map(
    (event, i) => `create trigger request_search_identifier_${i} after ${event} on identifiers begin
       update request_search set identifiers = ${IDENTIFIERS_OF('new.request_id')} where rowid = new.request_id;
     end`,
  ),
  `create trigger request_search_identifier_delete after delete on identifiers begin
     update request_search set identifiers = ${IDENTIFIERS_OF('old.request_id')} where rowid = old.request_id;
   end`,
  ...['insert', 'update of summary_json'].map(
    (event, i) => `create trigger request_search_creators_${i} after ${event} on metadata_summaries
       when new.summary_json is not null begin
       update request_search set creators = ${CREATORS_OF('new.summary_json')} where rowid = new.request_id;
     end`,
  ),
];

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

/** The FTS5 virtual table `request_search` (rowid = request id), diacritics removed by its tokenizer. */
export const sqliteRequestSearch: RequestSearchSql = {
  async create(db) {
    for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
  },
  async drop(db) {
    for (const trigger of REQUEST_SEARCH_TRIGGERS) await sql.raw(`drop trigger if exists ${trigger}`).execute(db);
    await sql.raw('drop table if exists request_search').execute(db);
  },
  async search(db, words, requesterId, limit) {
    const requester = requesterId === undefined ? sql`` : sql`and r.requester_id = ${requesterId}`;
    const { rows } = await sql<Selectable<RequestsTable>>`
        select r.* from request_search s join requests r on r.id = s.rowid
        where request_search match ${matchExpression(words, requesterId)} ${requester}
        order by s.rowid desc limit ${limit}`.execute(db);
    return rows;
  },
  async setCreators(db, requestId, creators) {
    await sql`update request_search set creators = ${creators} where rowid = ${requestId}`.execute(db);
  },
  rowsForCopy: sql<SearchIndexRow>`select rowid as request_id, title, creators, folder, identifiers, requester
    from request_search order by rowid`,
};
