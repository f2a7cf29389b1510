import { writeFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';
import type { SimulatedIdentifier } from '../../src/sandbox/purl/identifierStore.js';

export interface SeededIdentifier {
  requestId: number;
  itemId: string;
  doi: string;
}

const BATCH = 500;

/**
 * `count` completed requests with findable identifiers, written straight to the
 * database in one transaction (minting thousands through the workflow would
 * take minutes and test nothing the sweep cares about).
 */
export async function seedPublicIdentifiers(
  db: Kysely<Database>,
  count: number,
  at = '2026-01-01T00:00:00.000Z',
): Promise<SeededIdentifier[]> {
  const seeded = Array.from({ length: count }, (_, i) => ({
    requestId: i + 1,
    itemId: `pidbot-${i + 1}`,
    doi: `10.5072/FK2${(i + 1).toString(16).toUpperCase().padStart(8, '0')}`,
  }));
  await db.transaction().execute(async (trx) => {
    for (let start = 0; start < count; start += BATCH) {
      const batch = seeded.slice(start, start + BATCH);
      await trx
        .insertInto('requests')
        .values(
          batch.map((s) => ({
            id: s.requestId,
            requester_id: 'URESEARCH1',
            request_type: 'DOI',
            folder_name: `dataset-${s.requestId}`,
            source_path: `dataset-${s.requestId}`,
            area: 'curated',
            status: 'Completion',
            title: `Dataset ${s.requestId}`,
            created_at: at,
            updated_at: at,
            closed_at: at,
          })),
        )
        .execute();
      await trx
        .insertInto('identifiers')
        .values(
          batch.map((s) => ({
            request_id: s.requestId,
            item_id: s.itemId,
            doi: s.doi,
            ark: null,
            state: 'findable',
            minted_at: at,
            updated_at: at,
            state_reason: null,
            last_verified_at: null,
            last_verify_ok: null,
            last_verify_message: null,
          })),
        )
        .execute();
    }
  });
  return seeded;
}

/** The PURL simulator's state file holding the same identifiers, public, so it can verify them. */
export function writeSimulatorState(
  file: string,
  seeded: readonly SeededIdentifier[],
  at = '2026-01-01T00:00:00.000Z',
): void {
  const records: SimulatedIdentifier[] = seeded.map((s) => ({
    doi: s.doi,
    ark: `ark:/99999/fk4${s.doi.slice('10.5072/FK2'.length).toLowerCase()}`,
    itemId: s.itemId,
    state: 'public',
    exported: true,
    createdAt: at,
  }));
  writeFileSync(file, JSON.stringify(records));
}
