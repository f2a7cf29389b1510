import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { Conflict } from '../domain/errors.js';
import type { DomainEvent } from '../domain/events.js';
import type { Identifier, IdentifierRecordState } from '../domain/identifier.js';
import type { MintAttempt, MintAttemptStatus, MintStep } from '../domain/identifierMint.js';
import type { FolderArea, PermissionGrant, PidRequest, Principal, StatusChange } from '../domain/request.js';
import type { FolderLocation } from '../ports/dataStore.js';
import type { Repositories, UnitOfWork } from '../ports/repositories.js';
import { createSchedulerRepositories } from './sqliteSchedulerRepositories.js';
import type { Database, IdentifiersTable, MintJournalTable, RequestsTable, StatusHistoryTable } from './schema.js';

export type Db = Kysely<Database> | Transaction<Database>;

function toRequest(row: Selectable<RequestsTable>): PidRequest {
  return {
    id: row.id,
    requesterId: row.requester_id,
    type: row.request_type,
    folderName: row.folder_name,
    sourcePath: row.source_path,
    area: row.area as FolderArea,
    status: row.status,
    title: row.title,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toStatusChange(row: Selectable<StatusHistoryTable>): StatusChange {
  return {
    id: row.id,
    requestId: row.request_id,
    fromStatus: row.from_status,
    toStatus: row.to_status,
    actorId: row.actor_id,
    comment: row.comment,
    at: row.created_at,
  };
}

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

function toMintAttempt(row: Selectable<MintJournalTable>): MintAttempt {
  return {
    id: row.id,
    requestId: row.request_id,
    itemId: row.item_id,
    step: row.step as MintStep,
    status: row.status as MintAttemptStatus,
    resumedFrom: row.resumed_from as MintStep | null,
    startedBy: row.started_by,
    startedAt: row.started_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
    error: row.error,
  };
}

function principalColumns(p: Principal): { principal_kind: string; principal_id: string } {
  return { principal_kind: p.kind, principal_id: p.kind === 'user' ? p.id : '' };
}

function toPrincipal(kind: string, id: string): Principal {
  if (kind === 'user') return { kind, id };
  return kind === 'public' ? { kind: 'public' } : { kind: 'curators' };
}

export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && 'code' in error && String(error.code).startsWith('SQLITE_CONSTRAINT_UNIQUE');
}

export function createRepositories(db: Db): Repositories {
  return {
    ...createSchedulerRepositories(db),
    requests: {
      async insert(r) {
        try {
          const row = await db
            .insertInto('requests')
            .values({
              requester_id: r.requesterId,
              request_type: r.type,
              folder_name: r.folderName,
              source_path: r.sourcePath,
              area: r.area,
              status: r.status,
              title: r.title,
              created_at: r.at,
              updated_at: r.at,
              closed_at: null,
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          return toRequest(row);
        } catch (error) {
          if (isUniqueViolation(error)) {
            throw new Conflict(`An open ${r.type} request for a folder named "${r.folderName}" already exists.`);
          }
          throw error;
        }
      },
      async findById(id) {
        const row = await db.selectFrom('requests').selectAll().where('id', '=', id).executeTakeFirst();
        return row && toRequest(row);
      },
      async list(filter, page) {
        let query = db.selectFrom('requests').selectAll();
        if (filter.status !== undefined) query = query.where('status', '=', filter.status);
        if (filter.requesterId !== undefined) query = query.where('requester_id', '=', filter.requesterId);
        if (filter.type !== undefined) query = query.where('request_type', '=', filter.type);
        if (page.beforeId !== undefined) query = query.where('id', '<', page.beforeId);
        // One extra row tells whether another page exists without a COUNT.
        const rows = await query.orderBy('id', 'desc').limit(page.limit + 1).execute();
        const items = rows.slice(0, page.limit).map(toRequest);
        return { items, nextBeforeId: rows.length > page.limit ? items[items.length - 1]?.id : undefined };
      },
      async findOpenByFolder(folderName, type) {
        const row = await db
          .selectFrom('requests')
          .selectAll()
          .where('folder_name', '=', folderName)
          .where('request_type', '=', type)
          .where('closed_at', 'is', null)
          .executeTakeFirst();
        return row && toRequest(row);
      },
      async findByLocation(area, folderName) {
        const row = await db
          .selectFrom('requests')
          .selectAll()
          .where('area', '=', area)
          .where('folder_name', '=', folderName)
          .orderBy('id', 'desc')
          .executeTakeFirst();
        return row && toRequest(row);
      },
      async update(id, changes) {
        const row = await db
          .updateTable('requests')
          .set({
            ...(changes.status !== undefined && { status: changes.status }),
            ...(changes.area !== undefined && { area: changes.area }),
            ...(changes.updatedAt !== undefined && { updated_at: changes.updatedAt }),
            ...(changes.closedAt !== undefined && { closed_at: changes.closedAt }),
          })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        return toRequest(row);
      },
    },

    requestTypes: {
      list: () => db.selectFrom('request_types').selectAll().orderBy('name').execute(),
      find: (name) => db.selectFrom('request_types').selectAll().where('name', '=', name).executeTakeFirst(),
    },

    statusCodes: {
      async list() {
        const rows = await db.selectFrom('status_codes').selectAll().orderBy('builtin', 'desc').orderBy(sql`rowid`).execute();
        return rows.map((r) => ({ code: r.code, description: r.description, builtin: r.builtin === 1 }));
      },
      async add(code, createdBy, at) {
        await db
          .insertInto('status_codes')
          .values({ code: code.code, description: code.description, builtin: 0, created_by: createdBy, created_at: at })
          .execute();
        return { ...code, builtin: false };
      },
    },

    history: {
      async append(change) {
        const row = await db
          .insertInto('status_history')
          .values({
            request_id: change.requestId,
            from_status: change.fromStatus,
            to_status: change.toStatus,
            actor_id: change.actorId,
            comment: change.comment,
            created_at: change.at,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toStatusChange(row);
      },
      async forRequest(requestId) {
        const rows = await db.selectFrom('status_history').selectAll().where('request_id', '=', requestId).orderBy('id').execute();
        return rows.map(toStatusChange);
      },
    },

    permissions: {
      async grant(grants: PermissionGrant[], requestId, at) {
        for (const g of grants) {
          const principal = principalColumns(g.principal);
          await db
            .insertInto('folder_permissions')
            .values({ request_id: requestId, area: g.area, folder_name: g.folderName, ...principal, level: g.level, granted_at: at })
            .onConflict((oc) =>
              oc.columns(['area', 'folder_name', 'principal_kind', 'principal_id']).doUpdateSet({ level: g.level, granted_at: at, request_id: requestId }),
            )
            .execute();
        }
      },
      async forFolder(area, folderName) {
        const rows = await db
          .selectFrom('folder_permissions')
          .selectAll()
          .where('area', '=', area)
          .where('folder_name', '=', folderName)
          .orderBy('id')
          .execute();
        return rows.map((r) => ({
          area: r.area as FolderArea,
          folderName: r.folder_name,
          principal: toPrincipal(r.principal_kind, r.principal_id),
          level: r.level as PermissionGrant['level'],
        }));
      },
    },

    audit: {
      async recordFailedAttempt(a) {
        await db
          .insertInto('failed_attempts')
          .values({
            actor_id: a.actorId,
            action: a.action,
            input_json: JSON.stringify(a.input),
            problems_json: JSON.stringify(a.problems),
            created_at: a.at,
          })
          .execute();
      },
      async recentFailedAttempts(limit) {
        const rows = await db.selectFrom('failed_attempts').selectAll().orderBy('id', 'desc').limit(limit).execute();
        return rows.map((r) => ({
          actorId: r.actor_id,
          action: r.action,
          input: JSON.parse(r.input_json) as Record<string, unknown>,
          problems: JSON.parse(r.problems_json) as { path: string; description: string }[],
          at: r.created_at,
        }));
      },
    },

    folderMoves: {
      async start(from, to, at) {
        const row = await db
          .insertInto('folder_moves')
          .values({ from_json: JSON.stringify(from), to_json: JSON.stringify(to), started_at: at, finished_at: null, outcome: null })
          .returning('id')
          .executeTakeFirstOrThrow();
        return row.id;
      },
      async finish(id, outcome, at) {
        await db.updateTable('folder_moves').set({ finished_at: at, outcome }).where('id', '=', id).execute();
      },
      async unfinished() {
        const rows = await db.selectFrom('folder_moves').selectAll().where('finished_at', 'is', null).orderBy('id').execute();
        return rows.map((r) => ({
          id: r.id,
          from: JSON.parse(r.from_json) as FolderLocation,
          to: JSON.parse(r.to_json) as FolderLocation,
          startedAt: r.started_at,
        }));
      },
    },

    outbox: {
      async add(event, at) {
        await db
          .insertInto('outbox_events')
          .values({ event_type: event.type, payload_json: JSON.stringify(event), created_at: at, delivered_at: null, attempts: 0, last_error: null })
          .execute();
      },
      async undelivered(limit, maxAttempts) {
        const rows = await db
          .selectFrom('outbox_events')
          .selectAll()
          .where('delivered_at', 'is', null)
          .where('attempts', '<', maxAttempts)
          .orderBy('id')
          .limit(limit)
          .execute();
        return rows.map((r) => ({
          id: r.id,
          event: JSON.parse(r.payload_json) as DomainEvent,
          attempts: r.attempts,
          completedHandlers: JSON.parse(r.completed_handlers) as string[],
        }));
      },
      async markHandlerDone(id, handler) {
        await db
          .updateTable('outbox_events')
          .set({ completed_handlers: sql<string>`json_insert(completed_handlers, '$[#]', ${handler})` })
          .where('id', '=', id)
          .execute();
      },
      async markDelivered(id, at) {
        await db.updateTable('outbox_events').set({ delivered_at: at }).where('id', '=', id).execute();
      },
      async markFailed(id, error) {
        await db
          .updateTable('outbox_events')
          .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: error.slice(0, 2000) }))
          .where('id', '=', id)
          .execute();
      },
    },

    identifiers: {
      async recordReserved(i) {
        const values = { item_id: i.itemId, doi: i.doi, ark: i.ark, state: 'reserved', state_reason: null, minted_at: i.at, updated_at: i.at };
        // A deleted identifier of the request is replaced (the request is minted anew); a live one never is.
        const row = await db
          .insertInto('identifiers')
          .values({ request_id: i.requestId, ...values, last_verified_at: null, last_verify_ok: null, last_verify_message: null })
          .onConflict((oc) => oc.column('request_id').doUpdateSet(values).where('identifiers.state', '=', 'deleted'))
          .returningAll()
          .executeTakeFirst();
        if (!row) throw new Conflict(`Request #${i.requestId} already has a live identifier; it cannot get a second one.`);
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
    },

    mintJournal: {
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
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          return toMintAttempt(row);
        } catch (error) {
          if (isUniqueViolation(error)) throw new Conflict(`A mint is already in progress for request #${a.requestId}; wait for it to finish.`);
          throw error;
        }
      },
      async advance(id, step, at) {
        await db.updateTable('mint_journal').set({ step, updated_at: at }).where('id', '=', id).execute();
      },
      async fail(id, step, error, at) {
        await db.updateTable('mint_journal').set({ step, status: 'failed', error, updated_at: at, finished_at: at }).where('id', '=', id).execute();
      },
      async finish(id, at) {
        await db.updateTable('mint_journal').set({ status: 'done', updated_at: at, finished_at: at }).where('id', '=', id).execute();
      },
      async latest(requestId) {
        const row = await db.selectFrom('mint_journal').selectAll().where('request_id', '=', requestId).orderBy('id', 'desc').executeTakeFirst();
        return row && toMintAttempt(row);
      },
      async running() {
        const rows = await db.selectFrom('mint_journal').selectAll().where('status', '=', 'running').orderBy('id').execute();
        return rows.map(toMintAttempt);
      },
    },
  };
}

export function createUnitOfWork(db: Kysely<Database>): UnitOfWork {
  return {
    repos: createRepositories(db),
    transaction: (work) => db.transaction().execute((trx) => work(createRepositories(trx))),
  };
}
