import type { Kysely, RawBuilder, Selectable } from 'kysely';
import type { RequestsTable } from '../schema.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations call this with their untyped `Kysely<any>`, as they must.
export type AnyDb = Kysely<any>;

/**
 * `/pid find`'s index (migration 0015) in one database's SQL: one row per request over its title,
 * creators, folder name and identifiers, kept in step by triggers, plus the requester's ID for scoping.
 */
export interface RequestSearchSql {
  create(db: AnyDb): Promise<void>;
  drop(db: AnyDb): Promise<void>;
  /** Requests where every word prefixes a word of theirs, newest first; only `requesterId`'s when given. */
  search(
    db: AnyDb,
    words: readonly string[],
    requesterId: string | undefined,
    limit: number,
  ): Promise<Selectable<RequestsTable>[]>;
  setCreators(db: AnyDb, requestId: number, creators: string): Promise<void>;
  /**
   * Every row of the index as `request_id, title, creators, folder, identifiers, requester`, the shape of
   * PostgreSQL's table: what `pidbot db copy` moves (the creators stored at submission live only here).
   */
  readonly rowsForCopy: RawBuilder<SearchIndexRow>;
}

export interface SearchIndexRow {
  request_id: number;
  title: string;
  creators: string;
  folder: string;
  identifiers: string;
  requester: string;
}

/** The trigger names, for `drop`. */
export const REQUEST_SEARCH_TRIGGERS = [
  'request_search_insert',
  'request_search_update',
  'request_search_delete',
  'request_search_identifier_0',
  'request_search_identifier_1',
  'request_search_identifier_delete',
  'request_search_creators_0',
  'request_search_creators_1',
] as const;
