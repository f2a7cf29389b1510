/** 0011: ARK lookups for `/ark:/…` landing pages use an index, on databases that already hold identifiers too. */
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/database.js';
import { createUnitOfWork } from '../../src/db/sqliteRepositories.js';
import { seedPublicIdentifiers } from '../scheduler/seedIdentifiers.js';
import { describeEachDialect, eachTestDatabase, migrateTestDatabaseTo } from '../support/testDatabases.js';

describeEachDialect('migration 0011_identifiers_ark_index', (dialect) => {
  const database = eachTestDatabase(dialect);

  it('indexes the ARKs of identifiers minted before it, and findByArk finds them through the index', async () => {
    const { db } = database;
    await migrateTestDatabaseTo(db, '0007_neutral_identifier_states');
    const [seeded] = await seedPublicIdentifiers(db, 3);
    await db.updateTable('identifiers').set({ ark: 'ark:/99999/fk4old' }).where('request_id', '=', 1).execute();

    expect(await migrateToLatest(db)).toContain('0011_identifiers_ark_index');
    const found = await createUnitOfWork(db).repos.identifiers.findByArk('ark:/99999/fk4old');
    expect(found?.doi).toBe(seeded?.doi);
    if (dialect === 'postgres') {
      // Three rows are a sequential scan to PostgreSQL's planner: check the index is there instead.
      const indexes = await sql<{ indexdef: string }>`select indexdef from pg_indexes
        where schemaname = current_schema() and indexname = 'identifiers_ark'`.execute(db);
      expect(indexes.rows.map((row) => row.indexdef).join('\n')).toMatch(/\(ark\)/);
      return;
    }
    const plan = await sql<{
      detail: string;
    }>`explain query plan select * from identifiers where ark = ${'ark:/99999/fk4old'}`.execute(db);
    expect(plan.rows.map((row) => row.detail).join('\n')).toMatch(/USING INDEX identifiers_ark/);
  });
});
