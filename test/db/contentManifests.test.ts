import { expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/database.js';
import { createRepositories } from '../../src/db/sqliteRepositories.js';
import { insertRequestRow } from '../support/requestRowsBeforeMigration.js';
import { describeEachDialect, eachTestDatabase, migrateTestDatabaseTo } from '../support/testDatabases.js';

describeEachDialect('frozen content manifests (migration 0014)', (dialect) => {
  const database = eachTestDatabase(dialect);
  const at = '2026-01-01T00:00:00.000Z';

  it('adds the table beside requests made before it; one manifest per request, replaced by a re-approval; the sweep pages curated ones', async () => {
    await migrateTestDatabaseTo(database.db, '0011_identifiers_ark_index');
    const insert = (folderName: string, area: 'staging' | 'curated') =>
      insertRequestRow(database.db, { folderName, area, status: area === 'curated' ? 'Completion' : 'Approved', at });
    const staged = await insert('reef', 'staging');
    const curated = await insert('kelp', 'curated');
    // Curated before pidbot froze content: no manifest, so the sweep does not list it.
    await insert('old-curated', 'curated');
    expect(await migrateToLatest(database.db)).toContain('0014_content_manifests');

    const manifests = createRepositories(database.db).contentManifests;
    // Requests from before the migration have no frozen content: minting freezes it, the sweep skips them.
    expect(await manifests.find(staged.id)).toBeUndefined();
    const digest = (path: string, sha256: string) => ({ path, sha256, bytes: 1 });
    await manifests.save({
      requestId: staged.id,
      files: [digest('a', '1'.repeat(64))],
      recordedAt: at,
      recordedBy: 'U9',
    });
    await manifests.save({
      requestId: staged.id,
      files: [digest('b', '2'.repeat(64))],
      recordedAt: at,
      recordedBy: 'U8',
    });
    expect(await manifests.find(staged.id)).toEqual({
      requestId: staged.id,
      files: [digest('b', '2'.repeat(64))],
      recordedAt: at,
      recordedBy: 'U8',
    });
    await manifests.save({ requestId: curated.id, files: [], recordedAt: at, recordedBy: 'U9' });
    expect((await manifests.curatedAfter(0, 10)).map((c) => [c.manifest.requestId, c.folderName])).toEqual([
      [curated.id, 'kelp'],
    ]);
    expect(await manifests.curatedAfter(curated.id, 10)).toEqual([]);
  });
});
