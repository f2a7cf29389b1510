import type { Kysely } from 'kysely';

// Curators filter by status and type together; with only the single-column indexes
// SQLite scans one of them (measured ~6 ms p99 at 100,000 requests).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('requests_status_type_id')
    .on('requests')
    .columns(['status', 'request_type', 'id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('requests_status_type_id').execute();
}
