import { expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/database.js';
import { replicaRegistry } from '../../src/db/repositories/replicaRegistry.js';
import { createSlackInbox } from '../../src/db/sqliteSlackInbox.js';
import { describeEachDialect, eachTestDatabase } from '../support/testDatabases.js';

describeEachDialect('the Slack inbox table (migrations 0017, 0020)', (dialect) => {
  const database = eachTestDatabase(dialect);
  const add = (n: number, ownerId: string, retryNum: number | null = null) =>
    createSlackInbox(database.db, database.db).add(
      {
        receivedAt: `2026-01-0${n}T00:00:00.000Z`,
        retryNum,
        retryReason: retryNum === null ? null : 'http_timeout',
        body: { type: 'block_actions', trigger_id: `t${n}` },
      },
      ownerId,
    );

  it('hands a gone owner’s unprocessed rows, oldest first, to one taker, and prunes only processed rows older than the cut-off', async () => {
    expect(await migrateToLatest(database.db)).toContain('0020_replica_claims');
    const inbox = createSlackInbox(database.db, database.db);
    const [a, b, c] = [await add(1, 'gone'), await add(2, 'gone', 1), await add(3, 'gone')];
    await inbox.markProcessed(a, '2026-01-01T00:00:01.000Z');

    expect(await inbox.otherOwners('me')).toEqual([{ ownerId: 'gone', sighting: { owner: null, heartbeatAt: null } }]);
    expect(await inbox.otherOwners('gone')).toEqual([]);
    const taken = await inbox.takeOver('gone', 'me');
    expect(taken.map((e) => e.id)).toEqual([b, c]);
    expect(taken[0]).toEqual({
      id: b,
      receivedAt: '2026-01-02T00:00:00.000Z',
      retryNum: 1,
      retryReason: 'http_timeout',
      body: { type: 'block_actions', trigger_id: 't2' },
    });
    // A second taker finds them owned by `me` now.
    expect(await inbox.takeOver('gone', 'other')).toEqual([]);
    expect(await inbox.otherOwners('me')).toEqual([]);

    await inbox.markProcessed(b, '2026-01-05T00:00:00.000Z');
    // Only `a` is processed before the cut-off; `c`, never processed, is kept whatever its age.
    expect(await inbox.pruneProcessedBefore('2026-01-04T00:00:00.000Z', 100)).toBe(1);
    expect(await inbox.pruneProcessedBefore('2026-02-01T00:00:00.000Z', 100)).toBe(1);
    expect((await inbox.takeOver('me', 'me')).map((e) => e.id)).toEqual([c]);
  });

  it('shows each owner as registered among the replicas, and rows stored before replicas as owned by no one', async () => {
    await migrateToLatest(database.db);
    const inbox = createSlackInbox(database.db, database.db);
    const alive = { id: 'alive', host: 'h1', pid: 42 };
    await replicaRegistry(database.db).beat(alive, '2026-01-01T00:00:00.000Z');
    await add(1, 'alive');
    await database.db.insertInto('slack_inbox').values({ received_at: 'x', body: '{}', processed_at: null }).execute();

    const owners = await inbox.otherOwners('me');
    expect(owners).toHaveLength(2);
    expect(owners).toEqual(
      expect.arrayContaining([
        { ownerId: 'alive', sighting: { owner: alive, heartbeatAt: '2026-01-01T00:00:00.000Z' } },
        { ownerId: null, sighting: { owner: null, heartbeatAt: null } },
      ]),
    );
    expect(await inbox.takeOver(null, 'me')).toHaveLength(1);
  });
});
