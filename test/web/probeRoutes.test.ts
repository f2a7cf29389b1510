/** `/livez` (process + database) and `/readyz` (dependencies, cached) beside `/healthz` on the bot's port. */
import { afterEach, describe, expect, it } from 'vitest';
import { checkLiveness, type HealthReport } from '../../src/services/monitoring/checkHealth.js';
import { cachedReadiness } from '../../src/web/probeRoutes.js';
import { type SlackHarness, startSlackHarness } from '../support/slackHarness.js';
import { createTestCore } from '../support/testCore.js';

describe('GET /livez and GET /readyz', () => {
  let h: SlackHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('answer 200 with their checks; a PID-service outage reaches /readyz only when its cached answer expires, and never /livez', async () => {
    h = await startSlackHarness();
    const get = (path: string) => fetch(new URL(path, h!.url), { signal: AbortSignal.timeout(5000) });

    const live = await get('/livez');
    expect(live.status).toBe(200);
    expect(live.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await live.json()).toEqual({ live: true, checks: { database: { ok: true, detail: 'reachable' } } });

    const ready = await get('/readyz');
    expect(ready.status).toBe(200);
    const readyBody = (await ready.json()) as {
      ready: boolean;
      checks: Record<string, { ok: boolean }>;
      checkedAt: string;
    };
    expect(readyBody).toMatchObject({ ready: true, checks: { database: { ok: true }, pidService: { ok: true } } });
    expect(Date.parse(readyBody.checkedAt)).not.toBeNaN();

    const statusCalls = () => h!.t.purl.requestLog.filter((r) => r.method === 'status').length;
    const callsBefore = statusCalls();
    expect(callsBefore).toBeGreaterThan(0);
    h.t.purl.faults.down('registrar');
    // Inside the cache window: the same answer, and the PID service is not asked again.
    const again = await get('/readyz');
    expect(again.status).toBe(200);
    expect(((await again.json()) as { checkedAt: string }).checkedAt).toBe(readyBody.checkedAt);
    expect(statusCalls()).toBe(callsBefore);
    // /healthz is uncached and sees the outage; the process is still alive.
    expect((await get('/healthz')).status).toBe(503);
    expect((await get('/livez')).status).toBe(200);
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

describe('cachedReadiness', () => {
  const report = (healthy: boolean): HealthReport => ({
    healthy,
    checks: {
      database: { ok: true, detail: 'reachable' },
      pidService: { ok: healthy, detail: healthy ? 'up' : 'down' },
    },
    pidService: { service: 'test', up: healthy, detail: '', subsystems: [] },
    lastJobRuns: [],
    openAlerts: [],
  });

  it('shares one check among concurrent probes, reuses it until it is ttl old, then checks again', async () => {
    let now = 0;
    let calls = 0;
    let healthy = true;
    const readiness = cachedReadiness(
      async () => {
        calls += 1;
        return report(healthy);
      },
      { ttlMs: 1000, now: () => now },
    );
    const [a, b] = await Promise.all([readiness(), readiness()]);
    expect(calls).toBe(1);
    expect(a).toBe(b);
    expect(a).toMatchObject({ ready: true, checks: { pidService: { ok: true } } });

    healthy = false;
    now = 999;
    expect((await readiness()).ready).toBe(true);
    expect(calls).toBe(1);
    now = 1000;
    expect(await readiness()).toMatchObject({ ready: false, checks: { pidService: { ok: false, detail: 'down' } } });
    expect(calls).toBe(2);
  });

  it('turns a failing check into "not ready" with the reason, and caches that too', async () => {
    let calls = 0;
    const readiness = cachedReadiness(
      async () => {
        calls += 1;
        throw new Error('database is locked');
      },
      { ttlMs: 1000, now: () => 0 },
    );
    expect(await readiness()).toMatchObject({
      ready: false,
      checks: { health: { ok: false, detail: 'database is locked' } },
    });
    await readiness();
    expect(calls).toBe(1);
  });
});
