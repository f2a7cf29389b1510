import type { Kysely } from 'kysely';
import { dialectOf } from '../sqlDialect.js';

// `/pid find`: one row per request over its title, creators, folder name and identifiers, kept in step by
// triggers with every write to requests, identifiers and the metadata summaries, so a word search stays an
// index lookup at 100k requests. SQLite: an FTS5 table; PostgreSQL: a tsvector table (src/db/search/).
export async function up(db: Kysely<any>): Promise<void> {
  await dialectOf(db).requestSearch.create(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await dialectOf(db).requestSearch.drop(db);
}
