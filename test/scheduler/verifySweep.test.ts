import { afterEach, describe, expect, it } from 'vitest';
import type { VerifySweepCompleted } from '../../src/domain/events.js';
import { launchVerifySweep } from '../../src/services/identifiers/runVerifySweep.js';
import { JobAlreadyRunning, lastJobRuns, stopJobs } from '../../src/services/runtime/jobRuns.js';
import { type SchedulerHarness, startSchedulerHarness } from './schedulerHarness.js';

describe('the verify sweep', () => {
  let h: SchedulerHarness;
  afterEach(() => h.close());

  const summaries = () => h.events.filter((e): e is VerifySweepCompleted => e.type === 'VerifySweepCompleted');
  /** How many times each item was verified at the simulator. */
  const verifiesPerItem = () => {
    const counts = new Map<string, number>();
    for (const entry of h.sim.requestLog)
      if (entry.method === 'verify') counts.set(entry.path, (counts.get(entry.path) ?? 0) + 1);
    return counts;
  };

  // Client and simulator share this process: on a 2-core machine they manage about 400 verifies/s, so ~13 s.
  it('verifies 2,000 findable identifiers with 3% broken and reports them in one summary with the right counts', {
    timeout: 180_000,
  }, async () => {
    h = await startSchedulerHarness({ identifiers: 2000, maxRps: 5000, maxConcurrent: 32 });
    const broken = h.seeded.filter((_, i) => i % 33 === 7).slice(0, 60);
    expect(broken).toHaveLength(60);
    for (const s of broken) h.sim.faults.breakVerify(s.itemId);

    const run = await (await launchVerifySweep(h.deps, 'schedule')).finished;
    await h.delivered();

    const counts = { checked: 2000, ok: 1940, failed: 60, newlyFailed: 60, recovered: 0, errors: 0 };
    expect(run).toMatchObject({ job: 'verify_sweep', outcome: 'succeeded', counts, error: null });
    expect(summaries()).toHaveLength(1);
    const [summary] = summaries();
    expect(summary?.run.counts).toEqual(counts);
    expect(summary?.failures.map((f) => f.requestId)).toEqual(broken.slice(0, 10).map((s) => s.requestId));
    expect(summary?.failures[0]?.message).toMatch(/holds no DOI/);
    expect(verifiesPerItem().size).toBe(2000);
    expect([...verifiesPerItem().values()].every((n) => n === 1)).toBe(true);
    expect(await h.deps.uow.repos.identifiers.findByRequest(broken[0]!.requestId)).toMatchObject({
      lastVerifyOk: false,
    });
  });

  it('names the mismatch and its target when the service nests them inside <error>, instead of counting an error', async () => {
    h = await startSchedulerHarness({ identifiers: 40 });
    h.sim.faults.nestErrorDetails = true;
    const broken = h.seeded.slice(5, 8);
    for (const s of broken) h.sim.faults.breakVerify(s.itemId, '10.5072/FK2WRONG');
    const run = await (await launchVerifySweep(h.deps, 'schedule')).finished;
    await h.delivered();
    expect(run).toMatchObject({ counts: { checked: 40, ok: 37, failed: 3, errors: 0 } });
    expect(summaries()[0]?.failures[0]?.message).toMatch(
      /holds DOI 10\.5072\/FK2WRONG.*\(repository target http:\/\/127\.0\.0\.1:\d+\/item\/pidbot-6\)/,
    );
  });

  it('reports identifiers that verify again as recovered, and failures already reported as not new', async () => {
    h = await startSchedulerHarness({ identifiers: 300 });
    const broken = h.seeded.slice(100, 130);
    for (const s of broken) h.sim.faults.breakVerify(s.itemId);
    await (await launchVerifySweep(h.deps, 'schedule')).finished;

    h.sim.faults.reset();
    for (const s of broken.slice(12)) h.sim.faults.breakVerify(s.itemId);
    const next = await (await launchVerifySweep(h.deps, 'schedule')).finished;
    await h.delivered();
    expect(next).toMatchObject({
      resumedFrom: null,
      counts: { checked: 300, ok: 282, failed: 18, newlyFailed: 0, recovered: 12, errors: 0 },
    });
    expect(summaries()).toHaveLength(2);
    expect(summaries()[1]?.run.checkpoint?.recoveredRequestIds).toEqual(broken.slice(0, 10).map((s) => s.requestId));
    expect(summaries()[1]?.failures[0]?.requestId).toBe(broken[12]?.requestId);
  });

  it('stops when asked, and the next run continues after the last identifier counted: all verified, none twice', {
    timeout: 120_000,
  }, async () => {
    h = await startSchedulerHarness({ identifiers: 1000, maxRps: 2000 });
    h.sim.faults.slow(5, 'verify');
    const first = await launchVerifySweep(h.deps, 'schedule', { pageSize: 100 });
    // Stop once three pages are checkpointed.
    while (((await h.deps.uow.repos.jobRuns.running('verify_sweep'))?.counts.checked ?? 0) < 300)
      await new Promise((r) => setTimeout(r, 5));
    await stopJobs(h.deps);
    const interrupted = await first.finished;
    expect(interrupted.outcome).toBe('interrupted');
    const done = interrupted.counts.checked ?? 0;
    expect(done).toBeGreaterThanOrEqual(300);
    expect(done).toBeLessThan(1000);
    expect(interrupted.checkpoint?.afterRequestId).toBe(done);
    expect(verifiesPerItem().size).toBe(done);
    expect(summaries()).toEqual([]);

    const second = await (await launchVerifySweep(h.deps, 'schedule', { pageSize: 100 })).finished;
    await h.delivered();
    expect(second).toMatchObject({
      outcome: 'succeeded',
      resumedFrom: interrupted.id,
      counts: { checked: 1000, ok: 1000, failed: 0 },
    });
    expect(verifiesPerItem().size).toBe(1000);
    expect([...verifiesPerItem().values()].every((n) => n === 1)).toBe(true);
    // Nothing new failed or recovered: no summary to post, but the event is there for subscribers.
    expect(summaries()).toHaveLength(1);
  });

  it('skips (and records) a second launch while a sweep is running', async () => {
    h = await startSchedulerHarness({ identifiers: 200 });
    h.sim.faults.slow(20, 'verify');
    const first = await launchVerifySweep(h.deps, 'schedule', { pageSize: 50 });
    await expect(launchVerifySweep(h.deps, 'schedule')).rejects.toBeInstanceOf(JobAlreadyRunning);
    await first.finished;
    const skipped = await h.database.db.selectFrom('job_runs').selectAll().where('outcome', '=', 'skipped').execute();
    expect(skipped).toEqual([expect.objectContaining({ job: 'verify_sweep', trigger: 'schedule' })]);
    expect(await lastJobRuns(h.deps)).toEqual([expect.objectContaining({ id: first.run.id, outcome: 'succeeded' })]);
    expect(verifiesPerItem().size).toBe(200);
  });

  it('fails the run on an outage and continues from the last good page next time', async () => {
    h = await startSchedulerHarness({ identifiers: 300 });
    const first = await launchVerifySweep(h.deps, 'schedule', { pageSize: 100 });
    while (((await h.deps.uow.repos.jobRuns.running('verify_sweep'))?.counts.checked ?? 0) < 100)
      await new Promise((r) => setTimeout(r, 2));
    h.sim.faults.down('resolver');
    const failed = await first.finished;
    expect(failed.outcome).toBe('failed');
    expect(failed.error).toMatch(/resolver/);
    h.sim.faults.up('resolver');
    const resumed = await (await launchVerifySweep(h.deps, 'schedule', { pageSize: 100 })).finished;
    expect(resumed).toMatchObject({ outcome: 'succeeded', resumedFrom: failed.id, counts: { checked: 300, ok: 300 } });
  });
});
