/** 0013: requests name their assignee, history rows whom an assignment went to; rows made before it read as unassigned. */
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/database.js';
import { createUnitOfWork } from '../../src/db/sqliteRepositories.js';
import { seedPublicIdentifiers } from '../scheduler/seedIdentifiers.js';
import { describeEachDialect, eachTestDatabase, migrateTestDatabaseTo } from '../support/testDatabases.js';

describeEachDialect('migration 0013_request_assignees', (dialect) => {
  const database = eachTestDatabase(dialect);

  it('leaves requests and history made before it unassigned, then stores and filters by assignee', async () => {
    const { db } = database;
    await migrateTestDatabaseTo(db, '0011_identifiers_ark_index');
    await seedPublicIdentifiers(db, 2);
    // A history row as pidbot wrote it before 0013 (the schema types already know the new column).
    await sql`insert into status_history (request_id, from_status, to_status, actor_id, comment, created_at, via)
      values (1, null, 'Submitted', 'URESEARCH1', null, '2026-01-01T00:00:00Z', null)`.execute(db);

    expect(await migrateToLatest(db)).toContain('0013_request_assignees');
    const { repos } = createUnitOfWork(db);
    const old = await repos.requests.findById(1);
    expect(old?.assigneeId).toBeNull();
    const [oldChange] = await repos.history.forRequest(1);
    expect(oldChange).toMatchObject({ toStatus: 'Submitted', actorId: 'URESEARCH1' });
    expect(oldChange).not.toHaveProperty('assigneeId');

    await repos.requests.update(2, { assigneeId: 'UCURATOR1' });
    expect((await repos.requests.list({ assigneeId: 'UCURATOR1' }, { limit: 10 })).items.map((r) => r.id)).toEqual([2]);
  });
});
