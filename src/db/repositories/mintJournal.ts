import type { Selectable } from 'kysely';
import { Conflict } from '../../domain/errors.js';
import type { MintAttempt, MintAttemptStatus, MintStep } from '../../domain/identifierMint.js';
import type { MintJournal } from '../../ports/repositories.js';
import type { MintJournalTable } from '../schema.js';
import { type Db, isUniqueViolation } from './db.js';

function toMintAttempt(row: Selectable<MintJournalTable>): MintAttempt {
  return {
    id: row.id,
    requestId: row.request_id,
    itemId: row.item_id,
    step: row.step as MintStep,
    status: row.status as MintAttemptStatus,
    resumedFrom: row.resumed_from as MintStep | null,
    plannedDoi: row.planned_doi,
    startedBy: row.started_by,
    startedAt: row.started_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
    error: row.error,
  };
}

/** Mint attempts; the database allows one running attempt per request. */
export function mintJournal(db: Db): MintJournal {
  return {
    async start(a) {
      try {
        const row = await db
          .insertInto('mint_journal')
          .values({
            request_id: a.requestId,
            item_id: a.itemId,
            step: a.step,
            status: 'running',
            resumed_from: a.resumedFrom,
            started_by: a.startedBy,
            started_at: a.at,
            updated_at: a.at,
            finished_at: null,
            error: null,
            planned_doi: a.plannedDoi,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toMintAttempt(row);
      } catch (error) {
        if (isUniqueViolation(error))
          throw new Conflict(`A mint is already in progress for request #${a.requestId}; wait for it to finish.`);
        throw error;
      }
    },
    async advance(id, step, at) {
      await db.updateTable('mint_journal').set({ step, updated_at: at }).where('id', '=', id).execute();
    },
    async plan(id, doi, at) {
      await db.updateTable('mint_journal').set({ planned_doi: doi, updated_at: at }).where('id', '=', id).execute();
    },
    async fail(id, step, error, at) {
      await db
        .updateTable('mint_journal')
        .set({ step, status: 'failed', error, updated_at: at, finished_at: at })
        .where('id', '=', id)
        .execute();
    },
    async finish(id, at) {
      await db
        .updateTable('mint_journal')
        .set({ status: 'done', updated_at: at, finished_at: at })
        .where('id', '=', id)
        .execute();
    },
    async latest(requestId) {
      const row = await db
        .selectFrom('mint_journal')
        .selectAll()
        .where('request_id', '=', requestId)
        .orderBy('id', 'desc')
        .executeTakeFirst();
      return row && toMintAttempt(row);
    },
    async running() {
      const rows = await db
        .selectFrom('mint_journal')
        .selectAll()
        .where('status', '=', 'running')
        .orderBy('id')
        .execute();
      return rows.map(toMintAttempt);
    },
  };
}
