import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { repairInterruptedMoves } from '../../../src/services/runtime/repairInterruptedMoves.js';
import { createTestCore, RESEARCHER, type TestCore } from '../../support/testCore.js';
import { describeEachDialect } from '../../support/testDatabases.js';

describeEachDialect('repairing folder moves across replicas', (dialect) => {
  let t: TestCore;
  beforeEach(async () => {
    t = await createTestCore({}, dialect);
  });
  afterEach(() => t.dispose());

  /** A move into staging by a replica on another host, started twice the lease ago, the folder already renamed. */
  async function longMoveOnAnotherReplica(heartbeatAgoMs: number): Promise<void> {
    const now = t.deps.clock.now().getTime();
    const iso = (agoMs: number) => new Date(now - agoMs).toISOString();
    const owner = { id: 'replica-elsewhere', host: 'another-host', pid: 4242 };
    await t.deps.uow.repos.replicas.beat(owner, iso(heartbeatAgoMs));
    t.makeFolder(RESEARCHER, 'kelp');
    const from = { area: 'home', owner: RESEARCHER, path: 'kelp' } as const;
    const to = { area: 'staging', name: 'kelp' } as const;
    await t.deps.uow.repos.folderMoves.start(from, to, owner, iso(2 * t.deps.lease.leaseMs));
    await t.deps.dataStore.move(from, to);
  }
  const inStaging = () => existsSync(join(t.storeRoot, 'staging', 'kelp'));

  it('leaves a long move alone while its replica still beats', async () => {
    await longMoveOnAnotherReplica(1000);
    expect(await repairInterruptedMoves(t.deps)).toEqual([]);
    expect(inStaging()).toBe(true);
  });

  it('moves the folder back once that replica fell silent past the lease', async () => {
    await longMoveOnAnotherReplica(2 * t.deps.lease.leaseMs);
    expect((await repairInterruptedMoves(t.deps)).map((r) => r.outcome)).toEqual(['moved_back']);
    expect(inStaging()).toBe(false);
  });
});
