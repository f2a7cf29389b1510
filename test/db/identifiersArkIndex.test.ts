/** 0011: ARK lookups for `/ark:/…` landing pages use an index, on databases that already hold identifiers too. */
import { Migrator, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest, type OpenedDatabase, openDatabase } from '../../src/db/database.js';
import { migrationProvider } from '../../src/db/migrations/index.js';
import { createUnitOfWork } from '../../src/db/sqliteRepositories.js';
import { seedPublicIdentifiers } from '../scheduler/seedIdentifiers.js';

describe('migration 0011_identifiers_ark_index', () => {
  let database: OpenedDatabase | undefined;
  afterEach(() => database?.close());

  it('indexes the ARKs of identifiers minted before it, and findByArk finds them through the index', async () => {
    database = openDatabase(':memory:');
    const { db } = database;
    const { error } = await new Migrator({ db, provider: migrationProvider }).migrateTo(
      '0007_neutral_identifier_states',
    );
    expect(error).toBeUndefined();
    const [seeded] = await seedPublicIdentifiers(db, 3);
    await db.updateTable('identifiers').set({ ark: 'ark:/99999/fk4old' }).where('request_id', '=', 1).execute();

    expect(await migrateToLatest(db)).toContain('0011_identifiers_ark_index');
    const found = await createUnitOfWork(db).repos.identifiers.findByArk('ark:/99999/fk4old');
    expect(found?.doi).toBe(seeded?.doi);
    const plan = await sql<{
      detail: string;
    }>`explain query plan select * from identifiers where ark = ${'ark:/99999/fk4old'}`.execute(db);
    expect(plan.rows.map((row) => row.detail).join('\n')).toMatch(/USING INDEX identifiers_ark/);
  });
});
