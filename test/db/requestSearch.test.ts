import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/database.js';
import { createRepositories } from '../../src/db/sqliteRepositories.js';
import { insertRequestRow } from '../support/requestRowsBeforeMigration.js';
import { describeEachDialect, eachTestDatabase, migrateTestDatabaseTo } from '../support/testDatabases.js';

describeEachDialect('the request search index (migration 0015)', (dialect) => {
  const database = eachTestDatabase(dialect);
  const at = '2026-01-01T00:00:00.000Z';

  it('indexes requests made before it (title, folder, identifiers, cached creators) and follows every write after', async () => {
    await migrateTestDatabaseTo(database.db, '0014_content_manifests');
    const old = await insertRequestRow(database.db, {
      folderName: 'kelp-forest',
      area: 'curated',
      status: 'Completion',
      at,
    });
    await sql`insert into identifiers (request_id, item_id, doi, ark, state, minted_at, updated_at)
      values (${old.id}, 'item-1', '10.5072/FK2KELP', 'ark:/99999/fk4kelp', 'findable', ${at}, ${at})`.execute(
      database.db,
    );
    await sql`insert into metadata_summaries (request_id, file_stamp, summary_json, checked_at)
      values (${old.id}, 's1', ${JSON.stringify({ creators: ['Ólafsdóttir, Anna'] })}, ${at})`.execute(database.db);
    expect(await migrateToLatest(database.db)).toContain('0015_request_search');

    const { requestSearch, metadataSummaries } = createRepositories(database.db);
    const ids = async (...words: string[]) => (await requestSearch.search(words, {}, 10)).map((r) => r.id);
    expect(await ids('kelp')).toEqual([old.id]);
    expect(await ids('olafs')).toEqual([old.id]); // diacritics folded, prefix match
    expect(await ids('FK2KELP')).toEqual([old.id]);
    expect(await ids('fk4kelp')).toEqual([old.id]);
    expect(await ids('5072', 'ÓLAFSDÓTTIR', 'ann')).toEqual([old.id]); // punctuation separates words; case and accents either way
    expect(await ids('forest')).toEqual([old.id]);
    expect(await ids('kelp', 'nothing')).toEqual([]);

    const fresh = await insertRequestRow(database.db, { folderName: 'reef', area: 'staging', status: 'Submitted', at });
    expect(await ids('reef')).toEqual([fresh.id]);
    await requestSearch.setCreators(fresh.id, ['Tanaka, Kenji']);
    expect(await ids('tanaka')).toEqual([fresh.id]);
    await metadataSummaries.store({
      requestId: fresh.id,
      stamp: 's2',
      summary: {
        title: 't',
        creators: ['Moreau, Luc'],
        publisher: 'p',
        publicationYear: '2026',
        resourceTypeGeneral: 'Dataset',
      },
      at,
    });
    expect(await ids('tanaka')).toEqual([]);
    expect(await ids('moreau')).toEqual([fresh.id]);
    await database.db.updateTable('requests').set({ folder_name: 'atoll' }).where('id', '=', fresh.id).execute();
    expect(await ids('atoll')).toEqual([fresh.id]);
    expect(await requestSearch.search(['atoll'], { requesterId: 'U2' }, 10)).toEqual([]);
    expect((await requestSearch.search(['atoll'], { requesterId: 'U1' }, 10)).map((r) => r.id)).toEqual([fresh.id]);
    // The requester column is for scoping only: a word never matches someone's user ID.
    expect(await ids('U1')).toEqual([]);
    expect(await ids('reef', 'kelp')).toEqual([]);
    // Newest first.
    await database.db.updateTable('requests').set({ title: 'kelp too' }).where('id', '=', fresh.id).execute();
    expect(await ids('kelp')).toEqual([fresh.id, old.id]);
  });
});
