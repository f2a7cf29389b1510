import type { Selectable } from 'kysely';
import { Conflict } from '../../domain/errors.js';
import type { Identifier, IdentifierRecordState } from '../../domain/identifier.js';
import type { IdentifierRepository } from '../../ports/repositories.js';
import type { IdentifiersTable } from '../schema.js';
import type { Db } from './db.js';

export function toIdentifier(row: Selectable<IdentifiersTable>): Identifier {
  return {
    requestId: row.request_id,
    itemId: row.item_id,
    doi: row.doi,
    ark: row.ark,
    state: row.state as IdentifierRecordState,
    stateReason: row.state_reason,
    mintedAt: row.minted_at,
    updatedAt: row.updated_at,
    lastVerifiedAt: row.last_verified_at,
    lastVerifyOk: row.last_verify_ok === null ? null : row.last_verify_ok === 1,
    lastVerifyMessage: row.last_verify_message,
  };
}

/** Minted identifiers, one live one per request. */
export function identifierRepository(db: Db): IdentifierRepository {
  return {
    async recordReserved(i) {
      const values = {
        item_id: i.itemId,
        doi: i.doi,
        ark: i.ark,
        state: 'draft',
        state_reason: null,
        minted_at: i.at,
        updated_at: i.at,
      };
      // A deleted identifier of the request is replaced (the request is minted anew); a live one never is.
      const row = await db
        .insertInto('identifiers')
        .values({
          request_id: i.requestId,
          ...values,
          last_verified_at: null,
          last_verify_ok: null,
          last_verify_message: null,
        })
        .onConflict((oc) => oc.column('request_id').doUpdateSet(values).where('identifiers.state', '=', 'deleted'))
        .returningAll()
        .executeTakeFirst();
      if (!row)
        throw new Conflict(`Request #${i.requestId} already has a live identifier; it cannot get a second one.`);
      return toIdentifier(row);
    },
    async findByRequest(requestId) {
      const row = await db.selectFrom('identifiers').selectAll().where('request_id', '=', requestId).executeTakeFirst();
      return row && toIdentifier(row);
    },
    async findByDoi(doi) {
      const row = await db.selectFrom('identifiers').selectAll().where('doi', '=', doi).executeTakeFirst();
      return row && toIdentifier(row);
    },
    async findByArk(ark) {
      const row = await db.selectFrom('identifiers').selectAll().where('ark', '=', ark).executeTakeFirst();
      return row && toIdentifier(row);
    },
    async setState(requestId, state, reason, at) {
      const row = await db
        .updateTable('identifiers')
        .set({ state, state_reason: reason, updated_at: at })
        .where('request_id', '=', requestId)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toIdentifier(row);
    },
    async recordVerification(requestId, outcome, at) {
      const row = await db
        .updateTable('identifiers')
        .set({ last_verified_at: at, last_verify_ok: outcome.ok ? 1 : 0, last_verify_message: outcome.message })
        .where('request_id', '=', requestId)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toIdentifier(row);
    },
  };
}
