/** 0018: requests get a workflow state read from what their rows record, and the workflow's status codes. */
import { expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/database.js';
import { createUnitOfWork } from '../../src/db/sqliteRepositories.js';
import { insertRequestRow } from '../support/requestRowsBeforeMigration.js';
import { describeEachDialect, eachTestDatabase, migrateTestDatabaseTo } from '../support/testDatabases.js';

describeEachDialect('migration 0018_request_workflow_state', (dialect) => {
  const database = eachTestDatabase(dialect);

  it('backfills minted, approved and in review from the rows, and adds the workflow codes once', async () => {
    const { db } = database;
    await migrateTestDatabaseTo(db, '0011_identifiers_ark_index');
    const at = '2026-01-01T00:00:00Z';
    const minted = await insertRequestRow(db, { folderName: 'a', area: 'curated', status: 'Completion', at });
    const labelled = await insertRequestRow(db, { folderName: 'b', area: 'curated', status: 'Approved', at });
    const approved = await insertRequestRow(db, { folderName: 'c', area: 'staging', status: 'Approved', at });
    const submitted = await insertRequestRow(db, { folderName: 'd', area: 'staging', status: 'Evaluation', at });

    expect(await migrateToLatest(db)).toContain('0018_request_workflow_state');
    const { repos } = createUnitOfWork(db);
    const states = await Promise.all(
      [minted, labelled, approved, submitted].map(async ({ id }) => (await repos.requests.findById(id))?.workflowState),
    );
    expect(states).toEqual(['minted', 'minted', 'approved', 'in_review']);
    const codes = (await repos.statusCodes.list()).map((c) => c.code);
    expect(codes.filter((c) => ['Changes requested', 'Declined', 'Cancelled'].includes(c))).toHaveLength(3);
  });
});
