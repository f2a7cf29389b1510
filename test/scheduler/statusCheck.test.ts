import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProviderBusy } from '../../src/domain/errors.js';
import type { DomainEvent } from '../../src/domain/events.js';
import { checkSystemStatus, launchStatusCheck } from '../../src/services/monitoring/checkSystemStatus.js';
import { openAlerts } from '../../src/services/monitoring/openAlerts.js';
import { createStatusBoard } from '../../src/services/monitoring/statusBoard.js';
import { lastJobRuns } from '../../src/services/runtime/jobRuns.js';
import { type SchedulerHarness, startSchedulerHarness } from './schedulerHarness.js';

const HOUR = 3_600_000;
const REMIND_HOURS = 6;

describe('PURL system-status checks and their alerts', () => {
  let h: SchedulerHarness;

  beforeEach(async () => {
    h = await startSchedulerHarness();
  });
  afterEach(() => h.close());

  const check = async () => {
    const result = await checkSystemStatus(h.deps, { remindAfterMs: REMIND_HOURS * HOUR });
    await h.delivered();
    return result;
  };
  const ofType = <T extends DomainEvent['type']>(type: T) =>
    h.events.filter((e): e is Extract<DomainEvent, { type: T }> => e.type === type);

  it('raises one alert when a subsystem goes down, stays quiet while it is down, reminds after ALERT_REMIND_HOURS and reports the recovery once with the downtime', async () => {
    expect(await check()).toMatchObject({ outcome: 'succeeded', counts: { down: 0, raised: 0 } });
    expect(h.events).toEqual([]);

    h.sim.faults.down('resolver');
    h.clock.advance(60_000);
    expect(await check()).toMatchObject({ outcome: 'succeeded', counts: { down: 1, raised: 1 } });
    expect(ofType('AlertRaised')).toHaveLength(1);
    expect(ofType('AlertRaised')[0]?.alert).toMatchObject({
      key: 'pid-subsystem:resolver',
      title: 'PID service subsystem resolver is down',
      resolvedAt: null,
    });

    // Still down, checked every 5 minutes for almost the reminder interval: nothing new.
    for (let i = 0; i < 10; i++) {
      h.clock.advance(30 * 60_000);
      await check();
    }
    expect(h.events).toHaveLength(1);

    h.clock.advance(REMIND_HOURS * HOUR - 5 * HOUR + 60_000);
    await check();
    expect(ofType('AlertReminder')).toHaveLength(1);
    await check();
    expect(ofType('AlertReminder')).toHaveLength(1);
    expect(await openAlerts(h.deps)).toHaveLength(1);

    h.sim.faults.up('resolver');
    h.clock.advance(4 * 60_000);
    expect(await check()).toMatchObject({ counts: { down: 0, resolved: 1 } });
    await check();
    const resolved = ofType('AlertResolved');
    expect(resolved).toHaveLength(1);
    const raisedAt = Date.parse(ofType('AlertRaised')[0]!.alert.raisedAt);
    expect(resolved[0]?.downtimeMs).toBe(h.clock.now().getTime() - raisedAt);
    expect(resolved[0]?.downtimeMs).toBe(6 * HOUR + 5 * 60_000);
    expect(await openAlerts(h.deps)).toEqual([]);
    expect(h.events.map((e) => e.type)).toEqual(['AlertRaised', 'AlertReminder', 'AlertResolved']);
  });

  it('keeps one alert per subsystem: a second one going down raises its own, the first is not repeated', async () => {
    h.sim.faults.down('resolver');
    await check();
    h.sim.faults.down('registrar');
    await check();
    expect(ofType('AlertRaised').map((e) => e.alert.key)).toEqual([
      'pid-subsystem:resolver',
      'pid-subsystem:registrar',
    ]);
    h.sim.faults.up('resolver');
    await check();
    expect(ofType('AlertResolved').map((e) => e.alert.key)).toEqual(['pid-subsystem:resolver']);
    expect((await openAlerts(h.deps)).map((a) => a.key)).toEqual(['pid-subsystem:registrar']);
  });

  it('turns a malformed status answer into a "status check failing" alert instead of crashing, and resolves it when the answer is good again', async () => {
    h.sim.faults.inject('truncatedBody', 'status');
    const launched = await launchStatusCheck(h.deps, 'schedule', { remindAfterMs: REMIND_HOURS * HOUR });
    const run = await launched.finished;
    await h.delivered();
    expect(run).toMatchObject({ job: 'status_check', outcome: 'failed', counts: { raised: 1 } });
    expect(run.error).toMatch(/status/);
    expect(ofType('AlertRaised')).toEqual([
      expect.objectContaining({
        alert: expect.objectContaining({ key: 'pid-status-check', title: 'PID service status check failing' }),
      }),
    ]);

    await check();
    expect(ofType('AlertRaised')).toHaveLength(1);

    h.sim.faults.reset();
    await check();
    expect(ofType('AlertResolved').map((e) => e.alert.key)).toEqual(['pid-status-check']);
    expect(await lastJobRuns(h.deps)).toEqual([expect.objectContaining({ job: 'status_check', outcome: 'failed' })]);
  });

  it('treats an unreachable service as a failing status check and leaves the subsystem alerts as they were', async () => {
    h.sim.faults.down('resolver');
    await check();
    h.sim.faults.inject('http500Html', 'status');
    expect(await check()).toMatchObject({ outcome: 'failed', counts: { raised: 1, resolved: 0 } });
    expect((await openAlerts(h.deps)).map((a) => a.key)).toEqual(['pid-subsystem:resolver', 'pid-status-check']);
  });

  it("raises no alert when pidbot's own queue for the PID service is full: the run fails with the reason instead", async () => {
    const busy = new ProviderBusy('PURL service', 1000);
    const deps = {
      ...h.deps,
      statusBoard: createStatusBoard({ pids: { status: () => Promise.reject(busy) }, clock: h.clock }, { maxAgeMs: 1 }),
    };
    await expect(checkSystemStatus(deps, { remindAfterMs: REMIND_HOURS * HOUR })).rejects.toBe(busy);
    await h.delivered();
    expect(await openAlerts(h.deps)).toEqual([]);
    expect(h.events).toEqual([]);
  });
});
