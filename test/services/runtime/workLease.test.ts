import { readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, GONE_OWNER, type TestCore } from '../../support/testCore.js';

describe('the work lease with several replicas', () => {
  let t: TestCore;
  beforeEach(async () => {
    t = await createTestCore();
  });
  afterEach(() => t.dispose());

  it.runIf(process.platform === 'linux')(
    'tells pids apart by pid namespace: a process of another container with the same host name is not taken for gone',
    () => {
      const { lease } = t.deps;
      expect(lease.owner.host).toContain(readlinkSync('/proc/self/ns/pid'));
      const now = t.deps.clock.now().toISOString();
      // Same host name, a pid that does not exist here, beating now: another container, alive.
      expect(lease.isAbandoned({ id: 'other-container', host: hostname(), pid: GONE_OWNER.pid }, now)).toBe(false);
      // The same pid on this very host (and pid namespace): gone at once.
      expect(lease.isAbandoned(GONE_OWNER, now)).toBe(true);
    },
  );

  it('registers the replica while its core is open and removes it on close', async () => {
    const rows = () => t.database.db.selectFrom('replicas').select(['id', 'host', 'pid']).execute();
    expect(await rows()).toEqual([{ id: t.deps.lease.owner.id, host: t.deps.lease.owner.host, pid: process.pid }]);
    await t.deps.lease.close();
    expect(await rows()).toEqual([]);
  });
});
