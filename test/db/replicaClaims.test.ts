import { expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/database.js';
import { KNOWN_MIGRATIONS } from '../../src/db/migrations/index.js';
import { eventOutbox } from '../../src/db/repositories/eventOutbox.js';
import { createSlackInbox } from '../../src/db/sqliteSlackInbox.js';
import { MAX_DELIVERY_ATTEMPTS } from '../../src/services/runtime/eventRelay.js';
import { describeEachDialect, eachTestDatabase, migrateTestDatabaseTo } from '../support/testDatabases.js';

const BEFORE = KNOWN_MIGRATIONS[KNOWN_MIGRATIONS.indexOf('0020_replica_claims') - 1] ?? '';

describeEachDialect('migration 0020_replica_claims', (dialect) => {
  const database = eachTestDatabase(dialect);

  it('leaves events and inbox rows stored before it unclaimed and owned by no one, so the first replica takes them', async () => {
    const { db } = database;
    await migrateTestDatabaseTo(db, BEFORE);
    await db
      .insertInto('outbox_events')
      .values({
        event_type: 'RequestSubmitted',
        payload_json: JSON.stringify({ type: 'RequestSubmitted', request: { id: 1 } }),
        created_at: '2026-01-01T00:00:00.000Z',
        delivered_at: null,
        attempts: 0,
        last_error: null,
      })
      .execute();
    await db
      .insertInto('slack_inbox')
      .values({ received_at: '2026-01-01T00:00:00.000Z', body: '{"type":"block_actions"}', processed_at: null })
      .execute();

    expect(await migrateToLatest(db)).toContain('0020_replica_claims');

    const claimed = await eventOutbox(db).claimUndelivered({
      claimant: 'first',
      now: '2026-01-02T00:00:00.000Z',
      until: '2026-01-02T00:01:00.000Z',
      limit: 10,
      maxAttempts: MAX_DELIVERY_ATTEMPTS,
    });
    expect(claimed.map((e) => e.event.type)).toEqual(['RequestSubmitted']);
    const inbox = createSlackInbox(db, db);
    expect(await inbox.otherOwners('first')).toEqual([{ ownerId: null, sighting: { owner: null, heartbeatAt: null } }]);
    expect((await inbox.takeOver(null, 'first')).map((e) => e.body)).toEqual([{ type: 'block_actions' }]);
  });
});
