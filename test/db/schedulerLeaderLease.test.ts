import { beforeEach, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/database.js';
import { createRepositories } from '../../src/db/sqliteRepositories.js';
import type { Repositories } from '../../src/ports/repositories.js';
import { describeEachDialect, eachTestDatabase, migrateTestDatabaseTo } from '../support/testDatabases.js';

const OWNER = { id: 'replica-a', host: 'host-a', pid: 101 };

describeEachDialect('job run owners and the scheduler lease row (migration 0019)', (dialect) => {
  const database = eachTestDatabase(dialect);
  let repos: Repositories;
  beforeEach(() => {
    repos = createRepositories(database.db);
  });

  it('leaves a run recorded before it without an owner (gone), and runs recorded after it with theirs', async () => {
    await migrateTestDatabaseTo(database.db, '0018_request_workflow_state');
    await database.db
      .insertInto('job_runs')
      .values({
        job: 'verify_sweep',
        trigger: 'schedule',
        started_at: '2026-01-01T00:00:00.000Z',
        finished_at: null,
        outcome: 'running',
        counts_json: '{"checked":200}',
        checkpoint_json: '{"afterRequestId":200,"recoveredRequestIds":[]}',
        resumed_from: null,
        error: null,
      } as never)
      .execute();
    expect(await migrateToLatest(database.db)).toContain('0019_scheduler_leader_lease');
    const [before] = await repos.jobRuns.allRunning();
    expect(before).toMatchObject({ owner: null, heartbeatAt: null, checkpoint: { afterRequestId: 200 } });

    const run = { trigger: 't', counts: {}, checkpoint: null, resumedFrom: null, owner: OWNER };
    await repos.jobRuns.start({ ...run, job: 'status_check', at: '2026-01-01T00:01:00.000Z' });
    await repos.jobRuns.start({
      ...run,
      job: 'fixity_sweep',
      owner: { ...OWNER, id: 'replica-b' },
      at: '2026-01-01T00:01:00.000Z',
    });
    await repos.jobRuns.heartbeat(OWNER.id, '2026-01-01T00:02:00.000Z');
    expect((await repos.jobRuns.allRunning()).map((r) => [r.job, r.owner?.id ?? null, r.heartbeatAt])).toEqual([
      ['verify_sweep', null, null],
      ['status_check', 'replica-a', '2026-01-01T00:02:00.000Z'],
      ['fixity_sweep', 'replica-b', '2026-01-01T00:01:00.000Z'],
    ]);
  });

  it('keeps the record of a run another replica interrupted: its paused owner can neither save progress nor finish it', async () => {
    await migrateToLatest(database.db);
    const run = await repos.jobRuns.start({
      job: 'verify_sweep',
      trigger: 'schedule',
      at: '2026-01-01T00:00:00.000Z',
      counts: { checked: 0 },
      checkpoint: { afterRequestId: 0, recoveredRequestIds: [] },
      resumedFrom: null,
      owner: OWNER,
    });
    await repos.jobRuns.saveProgress(run.id, { checked: 200 }, { afterRequestId: 200, recoveredRequestIds: [] });
    await repos.jobRuns.finish(run.id, 'interrupted', undefined, 'its owner stopped', '2026-01-01T00:01:00.000Z');
    // The owner wakes up and carries on.
    await repos.jobRuns.saveProgress(run.id, { checked: 400 }, { afterRequestId: 400, recoveredRequestIds: [] });
    const late = await repos.jobRuns.finish(run.id, 'succeeded', { checked: 600 }, null, '2026-01-01T00:02:00.000Z');
    expect(late).toMatchObject({
      outcome: 'interrupted',
      finishedAt: '2026-01-01T00:01:00.000Z',
      counts: { checked: 200 },
      checkpoint: { afterRequestId: 200 },
      error: 'its owner stopped',
    });
  });

  it('stores one lease row per name; only its holder releases it', async () => {
    await migrateToLatest(database.db);
    const holding = {
      holder: OWNER,
      acquiredAt: '2026-01-01T00:00:00.000Z',
      renewedAt: '2026-01-01T00:00:10.000Z',
      expiresAt: '2026-01-01T00:00:40.000Z',
    };
    expect(await repos.schedulerLeases.find('scheduler')).toBeUndefined();
    await repos.schedulerLeases.put('scheduler', { ...holding, renewedAt: holding.acquiredAt });
    await repos.schedulerLeases.put('scheduler', holding);
    expect(await repos.schedulerLeases.find('scheduler')).toEqual(holding);
    await repos.schedulerLeases.release('scheduler', 'someone-else', '2026-01-01T00:00:20.000Z');
    expect(await repos.schedulerLeases.find('scheduler')).toEqual(holding);
    await repos.schedulerLeases.release('scheduler', OWNER.id, '2026-01-01T00:00:20.000Z');
    expect((await repos.schedulerLeases.find('scheduler'))?.expiresAt).toBe('2026-01-01T00:00:20.000Z');
  });
});
