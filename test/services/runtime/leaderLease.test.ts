/**
 * Two replicas' scheduler leases on one database, each its own process owner,
 * by one manual clock: exactly one leads, renewals keep it, expiry or a
 * release hands it over, and a leader that lost it knows it.
 */

import { beforeEach, expect, it } from 'vitest';
import { migrateToLatest } from '../../../src/db/database.js';
import { createUnitOfWork } from '../../../src/db/sqliteRepositories.js';
import { createMemoryLogger } from '../../../src/logging/logger.js';
import { createPromMetrics } from '../../../src/metrics/promMetrics.js';
import type { UnitOfWork } from '../../../src/ports/repositories.js';
import { createLeaderLease, type LeaderLease, type RoleChange } from '../../../src/services/runtime/leaderLease.js';
import { createWorkLease, type WorkLease } from '../../../src/services/runtime/workLease.js';
import { type ManualClock, manualClock } from '../../scheduler/schedulerHarness.js';
import { sampleValue } from '../../support/prometheusText.js';
import { describeEachDialect, eachTestDatabase } from '../../support/testDatabases.js';

const LEASE_MS = 9_000;
const RENEW_MS = LEASE_MS / 3;

interface Replica {
  lease: LeaderLease;
  owner: WorkLease;
  changes: RoleChange[];
  leaderGauge(): Promise<number | undefined>;
}

describeEachDialect('the scheduler lease between two replicas', (dialect) => {
  const database = eachTestDatabase(dialect);
  let clock: ManualClock;
  let uow: UnitOfWork;

  beforeEach(async () => {
    await migrateToLatest(database.db);
    clock = manualClock();
    uow = createUnitOfWork(database.db);
  });

  function replica(replicaUow: UnitOfWork = uow, workLeaseMs = 60_000): Replica {
    const logger = createMemoryLogger();
    const owner = createWorkLease({ uow: replicaUow, clock, logger }, workLeaseMs);
    const metrics = createPromMetrics();
    const lease = createLeaderLease({ uow: replicaUow, clock, logger, metrics, lease: owner }, LEASE_MS);
    const changes: RoleChange[] = [];
    lease.onChange(async (change) => void changes.push(change));
    return {
      lease,
      owner,
      changes,
      leaderGauge: async () =>
        sampleValue(
          await metrics.render({ requestsByStatus: [], outboxBacklog: 0, outboxSetAside: 0, openAlerts: 0 }),
          'pidbot_scheduler_leader',
        ),
    };
  }

  it('a leader silent for longer than the work lease keeps the scheduler lease until it expires', async () => {
    // MINT_LEASE_MS shorter than the gap between two renewals: silence is judged by the scheduler lease's own expiry.
    const a = replica(uow, 1_000);
    const b = replica(uow, 1_000);
    expect(await a.lease.renew()).toBe('leader');
    clock.advance(LEASE_MS - 1);
    expect(await b.lease.renew()).toBe('follower');
    expect(a.lease.isLeader()).toBe(true);
    clock.advance(1);
    expect(await b.lease.renew()).toBe('leader');
  });

  it('one leads; its renewals keep the lease for as long as it renews, and the other never gets it', async () => {
    const a = replica();
    const b = replica();
    expect(await a.lease.renew()).toBe('leader');
    expect(await b.lease.renew()).toBe('follower');
    expect([a.lease.isLeader(), b.lease.isLeader()]).toEqual([true, false]);
    expect(a.changes).toEqual([{ role: 'leader' }]);
    expect(b.changes).toEqual([]);
    expect([await a.leaderGauge(), await b.leaderGauge()]).toEqual([1, 0]);

    // Two minutes of renewals every third of the lease: three times the lease, never a gap.
    for (let step = 0; step < 40; step++) {
      clock.advance(RENEW_MS);
      expect(await a.lease.renew()).toBe('leader');
      expect(await b.lease.renew()).toBe('follower');
    }
    expect(a.changes).toEqual([{ role: 'leader' }]);
    expect(b.changes).toEqual([]);
    const report = await b.lease.report();
    expect(report).toEqual({
      role: 'follower',
      holder: {
        host: a.owner.owner.host,
        pid: a.owner.owner.pid,
        expiresAt: new Date(clock.now().getTime() + LEASE_MS).toISOString(),
      },
    });
    expect((await a.lease.report()).role).toBe('leader');
  });

  it('when the leader stops renewing, the lease passes on its expiry and not before; the old leader knows it lost it', async () => {
    const a = replica();
    const b = replica();
    await a.lease.renew();
    clock.advance(LEASE_MS - 1);
    expect(await b.lease.renew()).toBe('follower');
    expect(a.lease.isLeader()).toBe(true);

    clock.advance(1);
    // By its own clock the old leader no longer leads, before anyone has taken over.
    expect(a.lease.isLeader()).toBe(false);
    expect(await b.lease.renew()).toBe('leader');
    expect(b.changes).toEqual([{ role: 'leader', previous: a.owner.owner }]);

    expect(await a.lease.renew()).toBe('follower');
    expect(a.changes).toEqual([
      { role: 'leader' },
      { role: 'follower', reason: expect.stringMatching(/^another replica holds the lease/) },
    ]);
    expect(await a.leaderGauge()).toBe(0);
    expect(await b.leaderGauge()).toBe(1);
  });

  it('a leader whose renewals fail steps down once its lease runs out, and the other takes over', async () => {
    let databaseDown = false;
    const failing: UnitOfWork = {
      repos: uow.repos,
      transaction: (work) => (databaseDown ? Promise.reject(new Error('connection lost')) : uow.transaction(work)),
    };
    const a = replica(failing);
    const b = replica();
    await a.lease.renew();
    databaseDown = true;
    clock.advance(RENEW_MS);
    // A failed renewal inside the lease changes nothing yet.
    expect(await a.lease.renew()).toBe('leader');
    expect(a.changes).toEqual([{ role: 'leader' }]);
    clock.advance(LEASE_MS);
    expect(await a.lease.renew()).toBe('follower');
    expect(a.changes.at(-1)).toEqual({ role: 'follower', reason: 'the lease ran out before it could be renewed' });
    expect(await b.lease.renew()).toBe('leader');
  });

  it('a stopping leader drains, then releases the lease: the other takes it at once', async () => {
    const a = replica();
    const b = replica();
    await a.lease.renew();
    const seenWhileDraining: string[] = [];
    await a.lease.stop(async () => {
      seenWhileDraining.push(await b.lease.renew());
    });
    expect(seenWhileDraining).toEqual(['follower']);
    expect(a.lease.isLeader()).toBe(false);
    expect(await b.lease.renew()).toBe('leader');
  });

  it('a holder known to be gone (a closed core of this process) is taken over before its lease expires', async () => {
    const a = replica();
    const b = replica();
    await a.lease.renew();
    expect(await b.lease.renew()).toBe('follower');
    a.owner.close();
    expect(await b.lease.renew()).toBe('leader');
    expect(b.changes).toEqual([{ role: 'leader', previous: a.owner.owner }]);
  });
});
