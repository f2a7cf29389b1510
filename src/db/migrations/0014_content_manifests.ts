import type { Kysely } from 'kysely';

// Approval freezes a request's content: the SHA-256 of every file in its folder,
// as a curator approved it. Minting compares the folder against it, writes it into
// the curated folder as manifest-sha256.txt, and the fixity sweep re-checks
// curated folders against it. One row per request, replaced by a re-approval.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('content_manifests')
    .addColumn('request_id', 'integer', (c) => c.primaryKey().references('requests.id').onDelete('cascade'))
    .addColumn('files_json', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('content_manifests').execute();
}
