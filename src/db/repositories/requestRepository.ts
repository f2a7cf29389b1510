import type { Selectable } from 'kysely';
import { Conflict } from '../../domain/errors.js';
import type { FolderArea, PidRequest } from '../../domain/request.js';
import type { WorkflowState } from '../../domain/requestWorkflow.js';
import type { RequestRepository } from '../../ports/repositories.js';
import type { RequestsTable } from '../schema.js';
import { type Db, isUniqueViolation } from './db.js';

export function toRequest(row: Selectable<RequestsTable>): PidRequest {
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
    closedAt: row.closed_at,
    assigneeId: row.assignee_id,
    workflowState: row.workflow_state as WorkflowState,
  };
}

/** Requests, newest first by id (keyset pages). */
export function requestRepository(db: Db): RequestRepository {
  return {
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
            assignee_id: null,
            workflow_state: 'in_review',
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
      if (filter.assigneeId !== undefined) query = query.where('assignee_id', '=', filter.assigneeId);
      if (page.beforeId !== undefined) query = query.where('id', '<', page.beforeId);
      // One extra row tells whether another page exists without a COUNT.
      const rows = await query
        .orderBy('id', 'desc')
        .limit(page.limit + 1)
        .execute();
      const items = rows.slice(0, page.limit).map(toRequest);
      return { items, nextBeforeId: rows.length > page.limit ? items[items.length - 1]?.id : undefined };
    },
    async listOpen(filter, page) {
      let query = db.selectFrom('requests').where('closed_at', 'is', null);
      if (filter.status !== undefined) query = query.where('status', '=', filter.status);
      if (filter.requesterId !== undefined) query = query.where('requester_id', '=', filter.requesterId);
      if (filter.type !== undefined) query = query.where('request_type', '=', filter.type);
      if (filter.assigneeId !== undefined) query = query.where('assignee_id', '=', filter.assigneeId);
      const [rows, count] = await Promise.all([
        query.selectAll().orderBy('id', 'asc').limit(page.limit).offset(page.offset).execute(),
        query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items: rows.map(toRequest), total: Number(count.n) };
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
          ...(changes.assigneeId !== undefined && { assignee_id: changes.assigneeId }),
          ...(changes.workflowState !== undefined && { workflow_state: changes.workflowState }),
          ...(changes.sourcePath !== undefined && { source_path: changes.sourcePath }),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRequest(row);
    },
    async countByStatus() {
      const rows = await db
        .selectFrom('requests')
        .select((eb) => ['status', eb.fn.countAll<number>().as('count')])
        .groupBy('status')
        .execute();
      return rows.map((row) => ({ status: row.status, count: Number(row.count) }));
    },
  };
}
