import { expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/database.js';
import { createSlackInbox } from '../../src/db/sqliteSlackInbox.js';
import { describeEachDialect, eachTestDatabase } from '../support/testDatabases.js';

describeEachDialect('the Slack inbox table (migration 0017)', (dialect) => {
  const database = eachTestDatabase(dialect);

  it('keeps rows until processed, pages the unprocessed oldest first, and prunes only processed rows older than the cut-off', async () => {
    expect(await migrateToLatest(database.db)).toContain('0017_slack_inbox');
    const inbox = createSlackInbox(database.db);
    const add = (n: number, retryNum: number | null = null) =>
      inbox.add({
        receivedAt: `2026-01-0${n}T00:00:00.000Z`,
        retryNum,
        retryReason: retryNum === null ? null : 'http_timeout',
        body: { type: 'block_actions', trigger_id: `t${n}` },
      });
    const [a, b, c] = [await add(1), await add(2, 1), await add(3)];
    expect((await inbox.unprocessed(0, 10)).map((e) => e.id)).toEqual([a, b, c]);
    expect((await inbox.unprocessed(a, 1))[0]).toEqual({
      id: b,
      receivedAt: '2026-01-02T00:00:00.000Z',
      retryNum: 1,
      retryReason: 'http_timeout',
      body: { type: 'block_actions', trigger_id: 't2' },
    });

    await inbox.markProcessed(a, '2026-01-01T00:00:01.000Z');
    await inbox.markProcessed(b, '2026-01-05T00:00:00.000Z');
    expect((await inbox.unprocessed(0, 10)).map((e) => e.id)).toEqual([c]);
    // Only `a` is processed before the cut-off; `c`, never processed, is kept whatever its age.
    expect(await inbox.pruneProcessedBefore('2026-01-04T00:00:00.000Z', 100)).toBe(1);
    expect(await inbox.pruneProcessedBefore('2026-02-01T00:00:00.000Z', 100)).toBe(1);
    expect((await inbox.unprocessed(0, 10)).map((e) => e.id)).toEqual([c]);
  });
});
