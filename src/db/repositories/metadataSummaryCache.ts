import type { MetadataSummary } from '../../domain/metadata/registrarPayload.js';
import type { MetadataSummaryCache } from '../../ports/repositories.js';
import type { Db } from './db.js';

/** One row per request: the summary last computed from its folder's metadata file, and that file's stamp. */
export function metadataSummaryCache(db: Db): MetadataSummaryCache {
  return {
    async find(requestId) {
      const row = await db
        .selectFrom('metadata_summaries')
        .selectAll()
        .where('request_id', '=', requestId)
        .executeTakeFirst();
      return (
        row && {
          requestId: row.request_id,
          stamp: row.file_stamp,
          summary: row.summary_json === null ? null : (JSON.parse(row.summary_json) as MetadataSummary),
          at: row.checked_at,
        }
      );
    },
    async store({ requestId, stamp, summary, at }) {
      const values = {
        file_stamp: stamp,
        summary_json: summary === null ? null : JSON.stringify(summary),
        checked_at: at,
      };
      await db
        .insertInto('metadata_summaries')
        .values({ request_id: requestId, ...values })
        .onConflict((oc) => oc.column('request_id').doUpdateSet(values))
        .execute();
    },
  };
}
