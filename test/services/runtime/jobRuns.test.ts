import { afterEach, beforeEach, expect, it } from 'vitest';
import { JobAlreadyRunning, launchJob } from '../../../src/services/runtime/jobRuns.js';
import { sampleValue } from '../../support/prometheusText.js';
import { createTestCore, type TestCore } from '../../support/testCore.js';
import { describeEachDialect } from '../../support/testDatabases.js';

const start = { job: 'verify_sweep', trigger: 'test', counts: {}, checkpoint: null, resumedFrom: null } as const;

describeEachDialect('job runs', (dialect) => {
  let t: TestCore;
  beforeEach(async () => {
    t = await createTestCore({}, dialect);
  });
  afterEach(() => t.dispose());

  const runs = async (outcome: string) => {
    const text = await t.metrics.render({ requestsByStatus: [], outboxBacklog: 0, outboxSetAside: 0, openAlerts: 0 });
    return {
      count: sampleValue(text, 'pidbot_job_runs_total', { job: 'verify_sweep', outcome }),
      timed: sampleValue(text, 'pidbot_job_run_duration_seconds_count', { job: 'verify_sweep', outcome }),
    };
  };

  it('counts and times each run under the outcome it recorded, a skipped launch included', async () => {
    let release!: () => void;
    const first = await launchJob(
      t.deps,
      start,
      () => new Promise((resolve) => (release = () => resolve({ outcome: 'succeeded', counts: { checked: 1 } }))),
    );
    await expect(launchJob(t.deps, start, async () => ({ outcome: 'succeeded', counts: {} }))).rejects.toBeInstanceOf(
      JobAlreadyRunning,
    );
    expect(await runs('skipped')).toEqual({ count: 1, timed: 1 });
    expect(await runs('succeeded')).toEqual({ count: undefined, timed: undefined });

    release();
    expect((await first.finished).outcome).toBe('succeeded');
    expect(await runs('succeeded')).toEqual({ count: 1, timed: 1 });
  });

  it('records a run whose work throws as failed, and logs the error with its stack', async () => {
    const launched = await launchJob(t.deps, start, async function sweepThatBreaks() {
      throw new Error('the sweep broke', { cause: new Error('disk full') });
    });
    expect(await launched.finished).toMatchObject({ outcome: 'failed', error: 'the sweep broke' });
    expect(await runs('failed')).toEqual({ count: 1, timed: 1 });

    const line = t.logLines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.msg === 'job run finished');
    expect(line).toMatchObject({
      level: 'warn',
      job: 'verify_sweep',
      outcome: 'failed',
      error: 'the sweep broke',
      err: { message: 'the sweep broke', cause: { message: 'disk full' } },
    });
    expect((line?.err as { stack?: string } | undefined)?.stack).toMatch(
      /^Error: the sweep broke\n\s+at sweepThatBreaks/,
    );
  });
});
