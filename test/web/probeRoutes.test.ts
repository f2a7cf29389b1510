/** `/livez`, `/readyz`, `/healthz` and `/pid health` answer from the status board: probes never call the PID service. */
import { afterEach, describe, expect, it } from 'vitest';
import type { SystemStatus } from '../../src/ports/pidProvider.js';
import { checkLiveness } from '../../src/services/monitoring/checkHealth.js';
import { checkSystemStatus } from '../../src/services/monitoring/checkSystemStatus.js';
import { createStatusBoard } from '../../src/services/monitoring/statusBoard.js';
import { expectInvariants } from '../support/invariants.js';
import { type SlackHarness, startSlackHarness } from '../support/slackHarness.js';
import { CURATOR, createTestCore } from '../support/testCore.js';

describe('GET /livez, /readyz, /healthz and /pid health', () => {
  let h: SlackHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  const statusCalls = () => h!.t.purl.requestLog.filter((r) => r.method === 'status').length;
  const get = (path: string) => fetch(new URL(path, h!.url), { signal: AbortSignal.timeout(5000) });

  it('1,000 probes make no PID-service call: they read the newest status reading', async () => {
    h = await startSlackHarness();
    const live = await get('/livez');
    expect(live.status).toBe(200);
    expect(live.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await live.json()).toEqual({ live: true, checks: { database: { ok: true, detail: 'reachable' } } });
    // The first probe of a process with no reading yet asks once; from then on the board answers.
    const ready = await get('/readyz');
    expect(ready.status).toBe(200);
    const readyBody = (await ready.json()) as { ready: boolean; checkedAt: string };
    expect(readyBody).toMatchObject({ ready: true, checks: { database: { ok: true }, pidService: { ok: true } } });
    expect(Date.parse(readyBody.checkedAt)).not.toBeNaN();
    const callsAfterFirst = statusCalls();
    expect(callsAfterFirst).toBe(1);

    const paths = ['/healthz', '/readyz', '/livez'];
    for (let batch = 0; batch < 20; batch++) {
      const answers = await Promise.all(
        Array.from({ length: 50 }, (_, i) => get(paths[(batch * 50 + i) % paths.length] as string)),
      );
      expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
      await Promise.all(answers.map((a) => a.arrayBuffer()));
    }
    for (let i = 0; i < 5; i++) expect((await h.command(CURATOR, 'health')).status).toBe(200);
    await h.until(() => h!.slack.callsTo('response_url/5').length > 0, '/pid health answers');
    expect(statusCalls()).toBe(callsAfterFirst);
  });

  it('an outage reaches the probes through the scheduled status check, with its alert, and not before', async () => {
    h = await startSlackHarness();
    expect((await get('/healthz')).status).toBe(200);
    h.t.purl.faults.down('registrar');
    // Until the next scheduled check the board still holds the last reading.
    expect((await get('/healthz')).status).toBe(200);
    const before = statusCalls();

    await checkSystemStatus(h.t.deps, { remindAfterMs: 3_600_000 });
    const afterCheck = statusCalls();
    expect(afterCheck).toBeGreaterThan(before);
    const health = await get('/healthz');
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ healthy: false, checks: { pidService: { ok: false } } });
    expect((await get('/readyz')).status).toBe(503);
    expect((await get('/livez')).status).toBe(200);
    expect(statusCalls()).toBe(afterCheck);
    await h.t.deps.events.idle();
    await expectInvariants({ database: h.t.database, storeRoot: h.t.storeRoot, purl: h.t.purl });
  });

  it('/livez fails when the database does not answer', async () => {
    const t = await createTestCore();
    try {
      expect(await checkLiveness(t.deps)).toMatchObject({ live: true });
      await t.database.close();
      const report = await checkLiveness(t.deps);
      expect(report.live).toBe(false);
      expect(report.checks.database.ok).toBe(false);
      expect(report.checks.database.detail).not.toBe('');
    } finally {
      await t.dispose().catch(() => undefined);
    }
  });
});

describe('createStatusBoard', () => {
  const up: SystemStatus = { up: true, message: 'up', subsystems: [] };
  const clock = { now: () => new Date('2026-11-26T00:00:00Z') };

  function countingBoard(answer: () => Promise<SystemStatus>, now: () => number) {
    let calls = 0;
    const pids = {
      status: () => {
        calls += 1;
        return answer();
      },
    } as never;
    return { board: createStatusBoard({ pids, clock }, { maxAgeMs: 1000, now }), calls: () => calls };
  }

  it('refreshes a reading older than the max age once, shared by every reader meanwhile', async () => {
    let now = 0;
    let release: (status: SystemStatus) => void = () => undefined;
    const { board, calls } = countingBoard(
      () => new Promise((resolve) => (release = resolve)),
      () => now,
    );
    const readers = Array.from({ length: 100 }, () => board.current());
    expect(calls()).toBe(1);
    release(up);
    const readings = await Promise.all(readers);
    expect(new Set(readings).size).toBe(1);
    expect(readings[0]?.result).toEqual({ ok: true, status: up });

    now = 999;
    await Promise.all(Array.from({ length: 100 }, () => board.current()));
    expect(calls()).toBe(1);
    now = 1000;
    const stale = Array.from({ length: 100 }, () => board.current());
    release(up);
    await Promise.all(stale);
    expect(calls()).toBe(2);
  });

  it('keeps a failed asking as the reading, with its reason, until the next refresh', async () => {
    const { board, calls } = countingBoard(
      () => Promise.reject(new Error('connection refused')),
      () => 0,
    );
    const reading = await board.current();
    expect(reading.result).toMatchObject({ ok: false, error: { message: 'connection refused' } });
    expect(await board.current()).toBe(reading);
    expect(calls()).toBe(1);
  });
});
