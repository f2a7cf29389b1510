import type { Kysely } from 'kysely';

// Landing pages look identifiers up by ARK (`GET /ark:/{naan}/{name}`); without an index that is
// a scan of every identifier on each request.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('identifiers_ark').on('identifiers').column('ark').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('identifiers_ark').execute();
}
