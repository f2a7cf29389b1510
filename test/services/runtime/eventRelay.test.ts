import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Busy } from '../../../src/domain/errors.js';
import type { RequestSubmitted } from '../../../src/domain/events.js';
import type { PidRequest } from '../../../src/domain/request.js';
import { MAX_DELIVERY_ATTEMPTS } from '../../../src/services/runtime/eventRelay.js';
import { createTestCore, type TestCore } from '../../support/testCore.js';
import { describeEachDialect } from '../../support/testDatabases.js';

describeEachDialect('the outbox relay', (dialect) => {
  let t: TestCore;
  beforeEach(async () => {
    t = await createTestCore({}, dialect);
  });
  afterEach(() => t.dispose());

  const event = (id: number): RequestSubmitted => ({ type: 'RequestSubmitted', request: { id } as PidRequest });
  const store = async (...ids: number[]) => {
    for (const id of ids) await t.deps.uow.repos.outbox.add(event(id), new Date().toISOString());
  };

  it('retries only the subscribers that failed, so a delivered effect is not repeated', async () => {
    const posted: number[] = [];
    let dmFails = true;
    t.deps.events.subscribe('RequestSubmitted', async (e) => void posted.push(e.request.id));
    t.deps.events.subscribe('RequestSubmitted', async () => {
      if (dmFails) throw new Error('channel_not_found');
    });
    await store(1);
    await t.deps.events.deliverPending();
    expect(await t.deps.uow.repos.outbox.undelivered(10, MAX_DELIVERY_ATTEMPTS)).toMatchObject([
      { attempts: 1, completedHandlers: ['RequestSubmitted#1'] },
    ]);

    dmFails = false;
    await t.deps.events.deliverPending();
    expect(posted).toEqual([1]);
    expect(await t.deps.uow.repos.outbox.undelivered(10, MAX_DELIVERY_ATTEMPTS)).toEqual([]);
  });

  it('sets aside an event that keeps failing without blocking the ones after it', async () => {
    const delivered: number[] = [];
    t.deps.events.subscribe('RequestSubmitted', async (e) => {
      if (e.request.id === 1) throw new Error('always broken');
      delivered.push(e.request.id);
    });
    await store(1);
    for (let round = 0; round < MAX_DELIVERY_ATTEMPTS; round++) await t.deps.events.deliverPending();
    await store(2);
    await t.deps.events.deliverPending();
    expect(delivered).toEqual([2]);
    expect(await t.deps.uow.repos.outbox.undelivered(10, MAX_DELIVERY_ATTEMPTS)).toEqual([]);
    const setAside = t.logLines
      .map((l) => JSON.parse(l) as { level: string; msg: string; err?: { message: string; stack: string } })
      .find((l) => l.level === 'error');
    expect(setAside).toMatchObject({ msg: 'event delivery failed', err: { message: 'always broken' } });
    expect(setAside?.err?.stack).toMatch(/^Error: always broken\n\s+at /);
  });

  it("defers delivery while pidbot is busy, spending none of the event's attempts", async () => {
    const delivered: number[] = [];
    let busy = true;
    t.deps.events.subscribe('RequestSubmitted', async (e) => {
      if (busy) throw new Busy('pidbot is busy: 1000 Slack calls are already waiting');
      delivered.push(e.request.id);
    });
    await store(1, 2);
    for (let round = 0; round < MAX_DELIVERY_ATTEMPTS + 2; round++) await t.deps.events.deliverPending();
    expect(await t.deps.uow.repos.outbox.undelivered(10, MAX_DELIVERY_ATTEMPTS)).toMatchObject([
      { attempts: 0 },
      { attempts: 0 },
    ]);
    busy = false;
    await t.deps.events.deliverPending();
    expect(delivered).toEqual([1, 2]);
    expect(await t.deps.uow.repos.outbox.undelivered(10, MAX_DELIVERY_ATTEMPTS)).toEqual([]);
  });
});

describe('the outbox relay pruning delivered events', () => {
  let t: TestCore;
  beforeEach(async () => {
    t = await createTestCore({ OUTBOX_RETENTION_DAYS: '30' });
  });
  afterEach(() => t.dispose());

  it('deletes delivered events older than OUTBOX_RETENTION_DAYS in bounded batches, keeping recent and undelivered ones', async () => {
    const { sqlite } = t.database;
    const insert = sqlite.prepare(
      'INSERT INTO outbox_events (event_type, payload_json, created_at, delivered_at, attempts, last_error) VALUES (?, ?, ?, ?, ?, NULL)',
    );
    const payload = (id: number) => JSON.stringify({ type: 'RequestSubmitted', request: { id } });
    // The test clock starts at 2026-01-01: 30 days before is 2025-12-02.
    sqlite.transaction(() => {
      for (let i = 0; i < 1234; i++)
        insert.run('RequestSubmitted', payload(i), '2025-10-01T00:00:00Z', '2025-10-01T00:00:05Z', 0);
      insert.run('RequestSubmitted', payload(9001), '2025-12-20T00:00:00Z', '2025-12-20T00:00:05Z', 0);
      insert.run('RequestSubmitted', payload(9002), '2025-10-01T00:00:00Z', null, MAX_DELIVERY_ATTEMPTS);
    })();

    await t.deps.events.deliverPending();

    const left = sqlite.prepare('SELECT payload_json AS p, delivered_at AS d FROM outbox_events ORDER BY id').all() as {
      p: string;
      d: string | null;
    }[];
    expect(left.map((r) => (JSON.parse(r.p) as { request: { id: number } }).request.id)).toEqual([9001, 9002]);
    expect(t.logLines.some((l) => l.includes('pruned delivered events') && l.includes('1234'))).toBe(true);
  });
});
