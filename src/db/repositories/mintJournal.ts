import type { Selectable } from 'kysely';
import { Conflict } from '../../domain/errors.js';
import { type MintAttempt, type MintAttemptStatus, MintNotOwned, type MintStep } from '../../domain/identifierMint.js';
import type { MintJournal, MintOwnership } from '../../ports/repositories.js';
import { workOwnerOf } from '../replicaSighting.js';
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
    owner: workOwnerOf(row.owner_id, row.owner_host, row.owner_pid),
    heartbeatAt: row.heartbeat_at,
  };
}

/** Mint attempts; the database allows one running attempt per request, and only its owner writes to it. */
export function mintJournal(db: Db): MintJournal {
  /** Updates the attempt if it is still running under `ownerId`; otherwise changes nothing and throws. */
  async function updateOwned(
    id: number,
    ownerId: string,
    values: Partial<Omit<MintJournalTable, 'id'>>,
  ): Promise<void> {
    const row = await db
      .updateTable('mint_journal')
      .set(values)
      .where('id', '=', id)
      .where('status', '=', 'running')
      .where('owner_id', '=', ownerId)
      .returning('request_id')
      .executeTakeFirst();
    if (row) return;
    const attempt = await db.selectFrom('mint_journal').select('request_id').where('id', '=', id).executeTakeFirst();
    throw new MintNotOwned(attempt?.request_id ?? 0);
  }

  /** An update of a running attempt that applies only if its owner and heartbeat are still what the caller found. */
  function updateAsFound(id: number, expected: MintOwnership, values: Partial<Omit<MintJournalTable, 'id'>>) {
    return db
      .updateTable('mint_journal')
      .set(values)
      .where('id', '=', id)
      .where('status', '=', 'running')
      .where((eb) =>
        eb.and([
          expected.ownerId === null ? eb('owner_id', 'is', null) : eb('owner_id', '=', expected.ownerId),
          expected.heartbeatAt === null
            ? eb('heartbeat_at', 'is', null)
            : eb('heartbeat_at', '=', expected.heartbeatAt),
        ]),
      );
  }

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
            owner_id: a.owner.id,
            owner_host: a.owner.host,
            owner_pid: a.owner.pid,
            heartbeat_at: a.at,
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
    advance: (id, ownerId, step, at) => updateOwned(id, ownerId, { step, updated_at: at }),
    plan: (id, ownerId, doi, at) => updateOwned(id, ownerId, { planned_doi: doi, updated_at: at }),
    fail: (id, ownerId, step, error, at) =>
      updateOwned(id, ownerId, { step, status: 'failed', error, updated_at: at, finished_at: at }),
    finish: (id, ownerId, at) => updateOwned(id, ownerId, { status: 'done', updated_at: at, finished_at: at }),
    async heartbeat(ownerId, at) {
      await db
        .updateTable('mint_journal')
        .set({ heartbeat_at: at })
        .where('status', '=', 'running')
        .where('owner_id', '=', ownerId)
        .execute();
    },
    async takeOver(id, expected, owner, at) {
      const row = await updateAsFound(id, expected, {
        owner_id: owner.id,
        owner_host: owner.host,
        owner_pid: owner.pid,
        heartbeat_at: at,
        updated_at: at,
      })
        .returningAll()
        .executeTakeFirst();
      return row && toMintAttempt(row);
    },
    async interrupt(id, expected, reason, at) {
      const result = await updateAsFound(id, expected, {
        status: 'interrupted',
        error: reason,
        updated_at: at,
        finished_at: at,
      }).executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async release(ownerId, reason, at) {
      const rows = await db
        .updateTable('mint_journal')
        .set({ status: 'interrupted', error: reason, updated_at: at, finished_at: at })
        .where('status', '=', 'running')
        .where('owner_id', '=', ownerId)
        .returningAll()
        .execute();
      return rows.map(toMintAttempt);
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
