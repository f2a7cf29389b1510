import { beforeEach, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/database.js';
import { createRepositories } from '../../src/db/sqliteRepositories.js';
import { describeEachDialect, eachTestDatabase } from '../support/testDatabases.js';

const at = '2026-01-01T00:00:00.000Z';

describeEachDialect('the SQL the dialect adapter writes', (dialect) => {
  const database = eachTestDatabase(dialect);
  beforeEach(async () => {
    await migrateToLatest(database.db);
  });

  it('opens the database DATABASE_URL names', () => {
    expect(database.dialect.name).toBe(dialect);
  });

  it('refuses a status code differing from another only in case, and lists built-ins first in insertion order', async () => {
    const repos = createRepositories(database.db);
    const builtins = await repos.statusCodes.list();
    await repos.statusCodes.add({ code: 'On hold', description: 'Waiting', builtin: false }, 'U1', at);
    await expect(
      repos.statusCodes.add({ code: 'ON HOLD', description: 'again', builtin: false }, 'U1', at),
    ).rejects.toThrow();
    await repos.statusCodes.add({ code: 'Archived', description: 'Done', builtin: false }, 'U1', at);
    const codes = (await repos.statusCodes.list()).map((c) => c.code);
    expect(codes).toEqual([...builtins.map((c) => c.code), 'On hold', 'Archived']);
  });

  it('keeps the status history append-only in the database itself', async () => {
    const repos = createRepositories(database.db);
    const request = await repos.requests.insert({
      requesterId: 'U1',
      type: 'DOI',
      folderName: 'kelp',
      sourcePath: 'kelp',
      area: 'staging',
      status: 'Submitted',
      title: 'T',
      at,
    });
    await database.db
      .insertInto('status_history')
      .values({
        request_id: request.id,
        from_status: null,
        to_status: 'Submitted',
        actor_id: 'U1',
        comment: null,
        created_at: at,
      })
      .execute();
    await expect(database.db.updateTable('status_history').set({ comment: 'x' }).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(database.db.deleteFrom('status_history').execute()).rejects.toThrow(/append-only/);
  });

  it('appends handler names to an outbox event, in order', async () => {
    const { outbox } = createRepositories(database.db);
    await database.db
      .insertInto('outbox_events')
      .values({ event_type: 'x', payload_json: '{}', created_at: at, attempts: 0 })
      .execute();
    const [entry] = await outbox.undelivered(10, 5);
    if (entry === undefined) throw new Error('no pending event');
    await outbox.markHandlerDone(entry.id, 'thread');
    await outbox.markHandlerDone(entry.id, "dm 'quoted'");
    const [again] = await outbox.undelivered(10, 5);
    expect(again?.completedHandlers).toEqual(['thread', "dm 'quoted'"]);
  });
});
