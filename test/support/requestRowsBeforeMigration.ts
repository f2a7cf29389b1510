import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';

export interface RequestRow {
  folderName: string;
  area: 'staging' | 'curated';
  status: string;
  at: string;
}

/**
 * A request row as the first schema knew it, for migration tests: today's repository writes columns
 * later migrations add, so it cannot stand in for a database written before them.
 */
export async function insertRequestRow(db: Kysely<Database>, row: RequestRow): Promise<{ id: number }> {
  const { id } = await db
    .insertInto('requests')
    .values({
      requester_id: 'U1',
      request_type: 'DOI',
      folder_name: row.folderName,
      source_path: row.folderName,
      area: row.area,
      status: row.status,
      title: row.folderName,
      created_at: row.at,
      updated_at: row.at,
      closed_at: row.area === 'curated' ? row.at : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id };
}
