import { afterEach, describe, expect, it } from 'vitest';
import { ConfigInvalid } from '../../src/config/config.js';
import { startScheduler } from '../../src/scheduler/scheduler.js';
import { createLeaderLease } from '../../src/services/runtime/leaderLease.js';
import { createWorkLease } from '../../src/services/runtime/workLease.js';
import { GONE_OWNER } from '../support/testCore.js';
import { type SchedulerHarness, startSchedulerHarness } from './schedulerHarness.js';

const settings = { statusCron: '* * * * * *', verifyCron: '* * * * * *', timeZone: 'UTC', alertRemindHours: 24 };
const never = { ...settings, statusCron: '0 0 1 1 *', verifyCron: '0 0 1 1 *' };

describe('the scheduler under node-cron (seconds-field schedules)', () => {
  let h: SchedulerHarness;
  afterEach(() => h.close());

  const runs = (outcome?: string) => {
    let query = h.database.db.selectFrom('job_runs').selectAll();
    if (outcome !== undefined) query = query.where('outcome', '=', outcome);
    return query.execute();
  };
  const firstSucceeded = async () => {
    // Generous: under a load average of 13 on 2 cores a 200-identifier sweep has taken over 8 s.
    const deadline = Date.now() + 30_000;
    while ((await runs('succeeded')).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  };
  /** A verify sweep a process now gone recorded, checkpointed after request `checked`. */
  const sweepOfGoneProcess = (checked: number) =>
    h.deps.uow.repos.jobRuns.start({
      job: 'verify_sweep',
      trigger: 'schedule',
      at: '2026-01-01T00:00:00Z',
      counts: { checked, ok: checked, failed: 0, newlyFailed: 0, recovered: 0, errors: 0 },
      checkpoint: { afterRequestId: checked, recoveredRequestIds: [] },
      resumedFrom: null,
      owner: GONE_OWNER,
    });

  it('runs both jobs on their ticks, skips a tick that finds the sweep still running, and stop() waits for the sweep to reach a safe point', async () => {
    h = await startSchedulerHarness({ identifiers: 400 });
    // 400 verifies of 50 ms, 16 in flight, in pages of 20: about 2.5 s, so the next ticks find the sweep running.
    h.sim.faults.slow(50, 'verify');
    const scheduler = await startScheduler(h.deps, settings, h.leadership(), { pageSize: 20 });
    const deadline = Date.now() + 8000;
    while ((await runs('skipped')).filter((r) => r.job === 'verify_sweep').length === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    await scheduler.stop();
    await h.delivered();

    const all = await runs();
    expect(all.filter((r) => r.job === 'verify_sweep' && r.outcome === 'skipped').length).toBeGreaterThan(0);
    expect(all.some((r) => r.job === 'status_check' && r.outcome === 'succeeded')).toBe(true);
    expect(all.filter((r) => r.outcome === 'running')).toEqual([]);
    const sweeps = all.filter((r) => r.job === 'verify_sweep' && r.outcome !== 'skipped');
    expect(sweeps).toHaveLength(1);
    expect(sweeps[0]?.outcome).toBe('interrupted');
    // No verify begins after the stop and those under way are counted: the count matches what was verified.
    const checked = (JSON.parse(sweeps[0]!.counts_json) as { checked: number }).checked;
    expect(h.sim.requestLog.filter((e) => e.method === 'verify')).toHaveLength(checked);
    // Every subsystem stayed up (a verify now reads state and metadata too, so none can be down here): no alert.
    expect(h.events.filter((e) => e.type === 'AlertRaised')).toEqual([]);
  });

  it('marks runs a previous process left running as interrupted, and refuses a schedule node-cron cannot run', async () => {
    h = await startSchedulerHarness();
    await h.deps.uow.repos.jobRuns.start({
      job: 'verify_sweep',
      trigger: 'schedule',
      at: '2026-01-01T00:00:00Z',
      counts: {},
      checkpoint: null,
      resumedFrom: null,
      owner: null,
    });
    await expect(
      startScheduler(h.deps, { ...settings, verifyCron: 'every night' }, h.leadership()),
    ).rejects.toBeInstanceOf(ConfigInvalid);
    const scheduler = await startScheduler(
      h.deps,
      { ...settings, statusCron: '0 0 1 1 *', verifyCron: '0 0 1 1 *' },
      h.leadership(),
    );
    await scheduler.stop();
    expect((await runs()).map((r) => r.outcome)).toEqual(['interrupted']);
  });

  it('on taking the lease, interrupts only the runs of gone owners and continues an interrupted sweep from its checkpoint at once', async () => {
    h = await startSchedulerHarness({ identifiers: 300 });
    // A sweep whose process died after verifying requests 1-100, and a status check a live CLI command is running.
    const killed = await sweepOfGoneProcess(100);
    const cli = createWorkLease({ uow: h.deps.uow, clock: h.clock, logger: h.deps.logger }, 60_000);
    const live = await h.deps.uow.repos.jobRuns.start({
      job: 'status_check',
      trigger: 'U0CURATOR',
      at: h.clock.now().toISOString(),
      counts: {},
      checkpoint: null,
      resumedFrom: null,
      owner: cli.owner,
    });
    const scheduler = await startScheduler(h.deps, never, h.leadership());
    await firstSucceeded();
    await scheduler.stop();
    await cli.close();

    const all = await runs();
    expect(all.find((r) => r.id === killed.id)).toMatchObject({ outcome: 'interrupted' });
    expect(all.find((r) => r.id === live.id)).toMatchObject({ outcome: 'running' });
    const resumed = all.find((r) => r.resumed_from === killed.id);
    expect(resumed).toMatchObject({ trigger: 'takeover', outcome: 'succeeded', owner_id: h.deps.lease.owner.id });
    expect(JSON.parse(resumed!.counts_json)).toMatchObject({ checked: 300, ok: 300 });
    // Only the 200 identifiers after the checkpoint were verified again.
    expect(h.sim.requestLog.filter((e) => e.method === 'verify')).toHaveLength(200);
  });

  it('continues at once a sweep a stopping leader interrupted at a safe point, and leaves a finished one be', async () => {
    h = await startSchedulerHarness({ identifiers: 50 });
    const { jobRuns } = h.deps.uow.repos;
    const stopped = await sweepOfGoneProcess(20);
    await jobRuns.finish(stopped.id, 'interrupted', undefined, 'pidbot stopped', '2026-01-01T00:00:01Z');
    const first = await startScheduler(h.deps, never, h.leadership());
    await firstSucceeded();
    await first.stop();
    // Started again: the newest sweep succeeded, so nothing is launched.
    await (await startScheduler(h.deps, never, h.leadership())).stop();

    const sweeps = await runs();
    expect(sweeps.map((r) => [r.outcome, r.trigger, r.resumed_from])).toEqual([
      ['interrupted', 'schedule', null],
      ['succeeded', 'takeover', stopped.id],
    ]);
    expect(h.sim.requestLog.filter((e) => e.method === 'verify')).toHaveLength(30);
  });

  it('does nothing on its ticks while another replica holds the lease', async () => {
    h = await startSchedulerHarness();
    const other = createWorkLease({ uow: h.deps.uow, clock: h.clock, logger: h.deps.logger }, 60_000);
    const otherLeadership = createLeaderLease({ ...h.deps, lease: other }, 30_000);
    expect(await otherLeadership.renew()).toBe('leader');
    const leadership = h.leadership();
    const scheduler = await startScheduler(h.deps, { ...settings, remindCron: '* * * * * *' }, leadership);
    await new Promise((r) => setTimeout(r, 2200));
    expect(leadership.isLeader()).toBe(false);
    await scheduler.stop();
    await other.close();
    expect(await runs()).toEqual([]);
    const skippedTicks = h.logLines.filter((l) => l.includes('cron tick skipped: another replica runs the scheduler'));
    expect(skippedTicks.some((l) => l.includes('"job":"verify_sweep"'))).toBe(true);
    expect(skippedTicks.some((l) => l.includes('"job":"reminders"'))).toBe(true);
  });

  it('runs the fixity sweep on FIXITY_CRON only when it is set', async () => {
    h = await startSchedulerHarness();
    const off = await startScheduler(h.deps, never, h.leadership());
    await new Promise((r) => setTimeout(r, 1500));
    await off.stop();
    expect((await runs()).filter((r) => r.job === 'fixity_sweep')).toEqual([]);

    await expect(startScheduler(h.deps, { ...never, fixityCron: 'hourly' }, h.leadership())).rejects.toThrow(
      /FIXITY_CRON/,
    );
    const on = await startScheduler(h.deps, { ...never, fixityCron: '* * * * * *' }, h.leadership());
    const deadline = Date.now() + 5000;
    while ((await runs('succeeded')).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await on.stop();
    expect((await runs('succeeded')).map((r) => r.job)).toContain('fixity_sweep');
  });
});
