import type { Selectable } from 'kysely';
import type { ContentManifest, FileDigest } from '../../domain/contentManifest.js';
import type { ContentManifestRepository } from '../../ports/repositories.js';
import type { ContentManifestsTable } from '../schema.js';
import type { Db } from './db.js';

function toManifest(row: Selectable<ContentManifestsTable>): ContentManifest {
  return {
    requestId: row.request_id,
    files: JSON.parse(row.files_json) as FileDigest[],
    recordedAt: row.recorded_at,
    recordedBy: row.recorded_by,
  };
}

export function contentManifestRepository(db: Db): ContentManifestRepository {
  return {
    async find(requestId) {
      const row = await db
        .selectFrom('content_manifests')
        .selectAll()
        .where('request_id', '=', requestId)
        .executeTakeFirst();
      return row && toManifest(row);
    },
    async save({ requestId, files, recordedAt, recordedBy }) {
      const values = { files_json: JSON.stringify(files), recorded_at: recordedAt, recorded_by: recordedBy };
      await db
        .insertInto('content_manifests')
        .values({ request_id: requestId, ...values })
        .onConflict((oc) => oc.column('request_id').doUpdateSet(values))
        .execute();
    },
    async curatedAfter(afterRequestId, limit) {
      const rows = await db
        .selectFrom('content_manifests')
        .innerJoin('requests', 'requests.id', 'content_manifests.request_id')
        .selectAll('content_manifests')
        .select('requests.folder_name')
        .where('requests.area', '=', 'curated')
        .where('content_manifests.request_id', '>', afterRequestId)
        .orderBy('content_manifests.request_id')
        .limit(limit)
        .execute();
      return rows.map((row) => ({ manifest: toManifest(row), folderName: row.folder_name }));
    },
  };
}
