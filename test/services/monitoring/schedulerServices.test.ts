import { afterEach, beforeEach, expect, it } from 'vitest';
import { NotAllowed } from '../../../src/domain/errors.js';
import { startVerifySweep } from '../../../src/services/identifiers/runVerifySweep.js';
import { checkHealth } from '../../../src/services/monitoring/checkHealth.js';
import { checkSystemStatus } from '../../../src/services/monitoring/checkSystemStatus.js';
import { openAlerts } from '../../../src/services/monitoring/openAlerts.js';
import { JobAlreadyRunning, lastJobRuns, stopJobs } from '../../../src/services/runtime/jobRuns.js';
import { healthReply } from '../../../src/slack/views/alertMessages.js';
import { CURATOR, createTestCore, RESEARCHER, type TestCore } from '../../support/testCore.js';
import { describeEachDialect } from '../../support/testDatabases.js';

describeEachDialect('scheduler services for Slack and the CLI', (dialect) => {
  let t: TestCore;

  beforeEach(async () => {
    t = await createTestCore({}, dialect);
  });
  afterEach(async () => {
    await stopJobs(t.deps);
    await t.dispose();
  });

  it('lets only curators start a verify sweep, and refuses a second while one runs', async () => {
    await expect(startVerifySweep(t.deps, { actorId: RESEARCHER })).rejects.toBeInstanceOf(NotAllowed);
    expect(await lastJobRuns(t.deps)).toEqual([]);

    // A sweep another process runs (its row, as that process wrote it): a curator's sweep is refused meanwhile.
    const other = await t.deps.uow.repos.jobRuns.start({
      job: 'verify_sweep',
      trigger: 'cron',
      at: '2026-01-01T00:00:00.000Z',
      counts: {},
      checkpoint: null,
      resumedFrom: null,
      owner: t.deps.lease.owner,
    });
    await expect(startVerifySweep(t.deps, { actorId: CURATOR })).rejects.toBeInstanceOf(JobAlreadyRunning);
    await t.deps.uow.repos.jobRuns.finish(other.id, 'succeeded', undefined, null, '2026-01-01T00:00:01.000Z');

    const launched = await startVerifySweep(t.deps, { actorId: CURATOR });
    expect(launched.run).toMatchObject({ job: 'verify_sweep', trigger: CURATOR, outcome: 'running' });
    // Waits for the empty sweep's own end: a stop before its first page would rightly record it interrupted.
    await launched.finished;
    expect((await lastJobRuns(t.deps))[0]).toMatchObject({
      id: launched.run.id,
      outcome: 'succeeded',
      counts: { checked: 0 },
    });
  });

  it('reports the last run of every job, the open alerts and the PURL subsystems in the health report and its Slack reply', async () => {
    t.purl.faults.down('resolver');
    await checkSystemStatus(t.deps, { remindAfterMs: 3_600_000 });
    const report = await checkHealth(t.deps);

    // pidbot itself is fine; the PURL outage is reported (and alerted on) apart.
    expect(report).toMatchObject({
      healthy: false,
      checks: { database: { ok: true }, pidService: { ok: false } },
      pidService: { up: false },
    });
    expect(report.pidService.subsystems).toContainEqual(expect.objectContaining({ name: 'resolver', up: false }));
    expect(report.openAlerts).toEqual(await openAlerts(t.deps));
    expect(report.openAlerts.map((a) => a.key)).toEqual(['pid-subsystem:resolver']);

    const reply = JSON.stringify(healthReply(report));
    expect(reply).toContain('*PID service* (PURL service at 127.0.0.1');
    expect(reply).toContain('*NOT up*');
    expect(reply).toContain('PID service subsystem resolver is down');
    expect(reply).toContain('resolver: *down*');

    // The report follows the scheduled check, not the service directly: recovery shows after the next check.
    t.purl.faults.up('resolver');
    expect(await checkHealth(t.deps)).toMatchObject({ healthy: false });
    await checkSystemStatus(t.deps, { remindAfterMs: 3_600_000 });
    expect(await checkHealth(t.deps)).toMatchObject({ healthy: true, pidService: { up: true }, openAlerts: [] });
  });
});
