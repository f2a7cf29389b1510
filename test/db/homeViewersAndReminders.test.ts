import { beforeEach, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/database.js';
import { createHomeViewerStore } from '../../src/db/sqliteHomeViewers.js';
import { createRepositories } from '../../src/db/sqliteRepositories.js';
import { describeEachDialect, eachTestDatabase } from '../support/testDatabases.js';

describeEachDialect('App Home viewers, reminders sent and the open queue (migration 0016)', (dialect) => {
  const database = eachTestDatabase(dialect);
  beforeEach(async () => {
    expect(await migrateToLatest(database.db)).toContain('0016_home_viewers_and_reminders');
  });

  it('keeps one row per viewer with its filter, lists recent viewers newest first and forgets old ones', async () => {
    const viewers = createHomeViewerStore(database.db);
    await viewers.opened('U1', '2026-01-01T00:00:00.000Z');
    await viewers.saveFilter('U2', { status: 'Submitted', mine: true, offset: 20 }, '2026-01-02T00:00:00.000Z');
    await viewers.opened('U2', '2026-01-03T00:00:00.000Z');
    expect(await viewers.openedSince('2026-01-01T00:00:00.000Z', 10)).toEqual(['U2', 'U1']);
    expect(await viewers.filterOf('U2')).toEqual({ status: 'Submitted', mine: true, offset: 20 });
    expect(await viewers.filterOf('U1')).toEqual({});
    expect(await viewers.forgetBefore('2026-01-02T00:00:00.000Z')).toBe(1);
    expect(await viewers.openedSince('2000-01-01T00:00:00.000Z', 10)).toEqual(['U2']);
  });

  it('remembers when each reminder was last sent, and pages open requests oldest first with their count', async () => {
    const repos = createRepositories(database.db);
    expect(await repos.reminders.lastSent('digest')).toBeUndefined();
    await repos.reminders.markSent('digest', '2026-01-01T09:00:00.000Z');
    await repos.reminders.markSent('digest', '2026-01-02T09:00:00.000Z');
    expect(await repos.reminders.lastSent('digest')).toBe('2026-01-02T09:00:00.000Z');

    const at = '2026-01-01T00:00:00.000Z';
    const ids: number[] = [];
    for (const folderName of ['a', 'b', 'c']) {
      const request = await repos.requests.insert({
        requesterId: 'U1',
        type: 'DOI',
        folderName,
        sourcePath: folderName,
        area: 'staging',
        status: 'Submitted',
        title: folderName,
        at,
      });
      ids.push(request.id);
    }
    const page = await repos.requests.listOpen({ requesterId: 'U1' }, { limit: 2, offset: 1 });
    expect({ ids: page.items.map((r) => r.id), total: page.total }).toEqual({ ids: ids.slice(1), total: 3 });
  });
});
