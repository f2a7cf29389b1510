import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { migrateToLatest } from '../../../src/db/database.js';
import { eventOutbox } from '../../../src/db/repositories/eventOutbox.js';
import type { RequestSubmitted } from '../../../src/domain/events.js';
import type { PidRequest } from '../../../src/domain/request.js';
import { createMemoryLogger } from '../../../src/logging/logger.js';
import type { Clock } from '../../../src/ports/clock.js';
import { systemClock } from '../../../src/ports/clock.js';
import { createEventRelay, MAX_DELIVERY_ATTEMPTS } from '../../../src/services/runtime/eventRelay.js';
import { describeEachDialect, eachTestDatabase } from '../../support/testDatabases.js';

const CLAIM_MS = 60_000;
const event = (id: number): RequestSubmitted => ({ type: 'RequestSubmitted', request: { id } as PidRequest });

describeEachDialect('outbox claims across replicas', (dialect) => {
  const database = eachTestDatabase(dialect);

  /** A replica's relay with two subscribers (a thread line and a DM) that record what they posted. */
  function replica(name: string, posted: string[], clock: Clock = systemClock) {
    const relay = createEventRelay(eventOutbox(database.db), clock, createMemoryLogger(), {
      retentionDays: 30,
      claimant: name,
      claimMs: CLAIM_MS,
    });
    for (const kind of ['line', 'dm'])
      relay.subscribe('RequestSubmitted', async (e) => {
        // Slack's round trip: the other replica's round runs meanwhile.
        await sleep(Math.random() < 0.5 ? 0 : 1);
        posted.push(`${kind}:${e.request.id}`);
      });
    return relay;
  }

  it('two relays on one database deliver each event to each subscriber exactly once', async () => {
    await migrateToLatest(database.db);
    const outbox = eventOutbox(database.db);
    const posted: string[] = [];
    const [a, b] = [replica('replica-a', posted), replica('replica-b', posted)];
    const ids = Array.from({ length: 150 }, (_, i) => i + 1);
    for (const id of ids) await outbox.add(event(id), new Date().toISOString());

    await Promise.all([a.deliverPending(), b.deliverPending(), a.deliverPending(), b.deliverPending()]);

    const expected = ids.flatMap((id) => [`line:${id}`, `dm:${id}`]);
    expect(posted).toHaveLength(expected.length);
    expect(new Set(posted)).toEqual(new Set(expected));
    expect(await outbox.undelivered(10, MAX_DELIVERY_ATTEMPTS)).toEqual([]);
  });

  it('leaves a live replica’s claimed events alone and delivers a dead one’s once its claim expired', async () => {
    await migrateToLatest(database.db);
    const outbox = eventOutbox(database.db);
    await outbox.add(event(1), new Date().toISOString());
    const now = Date.now();
    // What a replica killed mid-round leaves: claimed, undelivered.
    const claimed = await outbox.claimUndelivered({
      claimant: 'killed',
      now: new Date(now).toISOString(),
      until: new Date(now + CLAIM_MS).toISOString(),
      limit: 10,
      maxAttempts: MAX_DELIVERY_ATTEMPTS,
    });
    expect(claimed.map((s) => s.id)).toHaveLength(1);

    const posted: string[] = [];
    await replica('survivor', posted).deliverPending();
    expect(posted).toEqual([]);

    const later: Clock = { now: () => new Date(Date.now() + CLAIM_MS + 1000) };
    await replica('survivor', posted, later).deliverPending();
    expect(posted.sort()).toEqual(['dm:1', 'line:1']);
  });

  it('releases the claim of an event whose delivery failed, so any replica retries it', async () => {
    await migrateToLatest(database.db);
    const outbox = eventOutbox(database.db);
    await outbox.add(event(1), new Date().toISOString());
    const failing = createEventRelay(outbox, systemClock, createMemoryLogger(), {
      retentionDays: 30,
      claimant: 'failing',
      claimMs: CLAIM_MS,
    });
    failing.subscribe('RequestSubmitted', async () => {
      throw new Error('channel_not_found');
    });
    await failing.deliverPending();
    const row = await database.db
      .selectFrom('outbox_events')
      .select(['attempts', 'claimed_by', 'claim_expires_at'])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ attempts: 1, claimed_by: null, claim_expires_at: null });

    const posted: string[] = [];
    await replica('other', posted).deliverPending();
    expect(posted.sort()).toEqual(['dm:1', 'line:1']);
  });
});
