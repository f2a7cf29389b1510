import { expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/database.js';
import { createRepositories } from '../../src/db/sqliteRepositories.js';
import { insertRequestRow } from '../support/requestRowsBeforeMigration.js';
import { describeEachDialect, eachTestDatabase, migrateTestDatabaseTo } from '../support/testDatabases.js';

describeEachDialect('the metadata summary cache (migration 0010)', (dialect) => {
  const database = eachTestDatabase(dialect);
  const at = '2026-01-01T00:00:00.000Z';
  const summary = {
    title: 'Reef',
    creators: ['Garcia, Ana'],
    publisher: 'Example University',
    publicationYear: '2024',
    resourceTypeGeneral: 'Dataset',
  };

  it('adds the table beside requests made before it; one row per request, replaced when the stamp changes', async () => {
    await migrateTestDatabaseTo(database.db, '0007_neutral_identifier_states');
    const request = await insertRequestRow(database.db, {
      folderName: 'reef',
      area: 'staging',
      status: 'Submitted',
      at,
    });
    expect(await migrateToLatest(database.db)).toContain('0010_metadata_summary_cache');

    const cache = createRepositories(database.db).metadataSummaries;
    expect(await cache.find(request.id)).toBeUndefined();
    await cache.store({ requestId: request.id, stamp: '1:10:100:100', summary, at });
    await cache.store({ requestId: request.id, stamp: '1:12:200:200', summary: null, at });
    expect(await cache.find(request.id)).toEqual({ requestId: request.id, stamp: '1:12:200:200', summary: null, at });
    await cache.store({ requestId: request.id, stamp: '1:12:300:300', summary, at });
    expect((await cache.find(request.id))?.summary).toEqual(summary);
    await expect(cache.store({ requestId: 999, stamp: 'x', summary, at })).rejects.toThrow(/foreign key/i);

    await migrateTestDatabaseTo(database.db, '0007_neutral_identifier_states');
    const kept = database.db.selectFrom('requests').select('folder_name').where('id', '=', request.id);
    expect(await kept.executeTakeFirst()).toEqual({ folder_name: 'reef' });
  });
});
