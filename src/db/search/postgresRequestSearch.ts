import { type Selectable, sql } from 'kysely';
import type { RequestsTable } from '../schema.js';
import type { RequestSearchSql, SearchIndexRow } from './requestSearchSql.js';

/**
 * Latin letters with diacritics and the letter each decomposes to (é → e, Ő → O), as `translate()` takes
 * them: the ranges FTS5's `remove_diacritics 2` folds on SQLite. PostgreSQL's `unaccent` is an extension
 * a server may lack (and installs per schema), so the fold is plain SQL; letters of other scripts keep
 * their marks, and letters that do not decompose (ø, ł, ß) stay as they are.
 */
function latinDiacritics(): { from: string; to: string } {
  let from = '';
  let to = '';
  for (const [low, high] of [
    [0xc0, 0x24f],
    [0x1e00, 0x1eff],
  ] as const) {
    for (let codePoint = low; codePoint <= high; codePoint++) {
      const letter = String.fromCodePoint(codePoint);
      const base = letter.normalize('NFD').replace(/\p{M}/gu, '');
      if (base.length === 1 && base !== letter) {
        from += letter;
        to += base;
      }
    }
  }
  return { from, to };
}

const FOLD = latinDiacritics();

// Words as FTS5's unicode61 tokenizer sees them: letters and digits, diacritics folded, everything else a
// separator (so `10.5072/FK2KELP` is the words 10, 5072 and fk2kelp, not a host or a version number to
// PostgreSQL's parser). `to_tsvector('simple', …)` then lower-cases them without stemming.
const FUNCTIONS = [
  `create function pidbot_search_words(value text) returns text language sql immutable as $$
     select regexp_replace(translate(coalesce(value, ''), '${FOLD.from}', '${FOLD.to}'), '[^[:alnum:]]+', ' ', 'g')
   $$`,
  `create function pidbot_request_identifiers(request integer) returns text language sql stable as $$
     select coalesce((select doi || ' ' || coalesce(ark, '') from identifiers where request_id = request), '')
   $$`,
  `create function pidbot_summary_creators(summary text) returns text language sql immutable as $$
     select coalesce((select string_agg(value, ' ') from json_array_elements_text(
       case when json_typeof(summary::json -> 'creators') = 'array' then summary::json -> 'creators' end)), '')
   $$`,
  `create function pidbot_request_search_requests() returns trigger language plpgsql as $$ begin
     if tg_op = 'INSERT' then
       insert into request_search (request_id, title, creators, folder, identifiers, requester)
         values (new.id, new.title, '', new.folder_name, '', new.requester_id);
     elsif tg_op = 'UPDATE' then
       update request_search set title = new.title, folder = new.folder_name where request_id = new.id;
     else
       delete from request_search where request_id = old.id;
     end if;
     return null;
   end $$`,
  `create function pidbot_request_search_identifiers() returns trigger language plpgsql as $$
   declare request integer := case when tg_op = 'DELETE' then old.request_id else new.request_id end;
   begin
     update request_search set identifiers = pidbot_request_identifiers(request) where request_id = request;
     return null;
   end $$`,
  `create function pidbot_request_search_creators() returns trigger language plpgsql as $$ begin
     update request_search set creators = pidbot_summary_creators(new.summary_json) where request_id = new.request_id;
     return null;
   end $$`,
];

const TABLE = [
  `create table request_search (
     request_id integer primary key,
     title text not null default '',
     creators text not null default '',
     folder text not null default '',
     identifiers text not null default '',
     requester text not null default '',
     document tsvector generated always as (to_tsvector('simple', pidbot_search_words(
       title || ' ' || creators || ' ' || folder || ' ' || identifiers))) stored
   )`,
  'create index request_search_document on request_search using gin (document)',
  'create index request_search_requester on request_search (requester)',
  `insert into request_search (request_id, title, creators, folder, identifiers, requester)
     select r.id, coalesce(r.title, ''),
       coalesce((select pidbot_summary_creators(m.summary_json) from metadata_summaries m
                 where m.request_id = r.id and m.summary_json is not null), ''),
       r.folder_name, pidbot_request_identifiers(r.id), r.requester_id
     from requests r`,
];

/** Trigger → table it is on and what it runs (the names are SQLite's, so both databases list the same). */
const TRIGGERS: readonly (readonly [name: string, when: string, table: string, run: string])[] = [
  ['request_search_insert', 'after insert', 'requests', 'pidbot_request_search_requests()'],
  ['request_search_update', 'after update of title, folder_name', 'requests', 'pidbot_request_search_requests()'],
  ['request_search_delete', 'after delete', 'requests', 'pidbot_request_search_requests()'],
  ['request_search_identifier_0', 'after insert', 'identifiers', 'pidbot_request_search_identifiers()'],
  ['request_search_identifier_1', 'after update of doi, ark', 'identifiers', 'pidbot_request_search_identifiers()'],
  ['request_search_identifier_delete', 'after delete', 'identifiers', 'pidbot_request_search_identifiers()'],
  ['request_search_creators_0', 'after insert', 'metadata_summaries', 'pidbot_request_search_creators()'],
  [
    'request_search_creators_1',
    'after update of summary_json',
    'metadata_summaries',
    'pidbot_request_search_creators()',
  ],
];

const FUNCTION_NAMES = [
  'pidbot_request_search_creators()',
  'pidbot_request_search_identifiers()',
  'pidbot_request_search_requests()',
  'pidbot_summary_creators(text)',
  'pidbot_request_identifiers(integer)',
  'pidbot_search_words(text)',
];

/**
 * A plain table of each request's searchable text with a stored `tsvector` over it (GIN-indexed), kept in
 * step by plpgsql triggers as SQLite's FTS5 table is; every word of a search is a prefix query (`word:*`).
 */
export const postgresRequestSearch: RequestSearchSql = {
  async create(db) {
    for (const statement of [...FUNCTIONS, ...TABLE]) await sql.raw(statement).execute(db);
    for (const [name, when, table, run] of TRIGGERS) {
      const condition = table === 'metadata_summaries' ? 'when (new.summary_json is not null)' : '';
      await sql
        .raw(`create trigger ${name} ${when} on ${table} for each row ${condition} execute function ${run}`)
        .execute(db);
    }
  },
  async drop(db) {
    for (const [name, , table] of TRIGGERS) await sql.raw(`drop trigger if exists ${name} on ${table}`).execute(db);
    await sql.raw('drop table if exists request_search').execute(db);
    for (const name of FUNCTION_NAMES) await sql.raw(`drop function if exists ${name}`).execute(db);
  },
  async search(db, words, requesterId, limit) {
    const prefixes = sql.join(
      words.map((word) => sql`to_tsquery('simple', quote_literal(pidbot_search_words(${word})) || ':*')`),
      sql` && `,
    );
    const requester =
      requesterId === undefined ? sql`` : sql`and s.requester = ${requesterId} and r.requester_id = ${requesterId}`;
    const { rows } = await sql<Selectable<RequestsTable>>`
        select r.* from request_search s join requests r on r.id = s.request_id
        where s.document @@ (${prefixes}) ${requester}
        order by s.request_id desc limit ${limit}`.execute(db);
    return rows;
  },
  async setCreators(db, requestId, creators) {
    await sql`update request_search set creators = ${creators} where request_id = ${requestId}`.execute(db);
  },
  rowsForCopy: sql<SearchIndexRow>`select request_id, title, creators, folder, identifiers, requester
    from request_search order by request_id`,
};
