import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../../src/domain/events.js';
import { launchFixitySweep } from '../../../src/services/fixity/runFixitySweep.js';
import { mintIdentifier } from '../../../src/services/minting/mintIdentifier.js';
import { openAlerts } from '../../../src/services/monitoring/openAlerts.js';
import { setRequestStatus } from '../../../src/services/requests/setRequestStatus.js';
import { submitRequest } from '../../../src/services/requests/submitRequest.js';
import { expectInvariants } from '../../support/invariants.js';
import { CURATOR, createTestCore, RESEARCHER, type TestCore } from '../../support/testCore.js';

const FILES = 10_000;
const HOUR = 3_600_000;

describe('the fixity sweep over curated folders', () => {
  let t: TestCore;
  let requestId: number;
  let curated: string;
  const events: DomainEvent[] = [];

  beforeAll(async () => {
    t = await createTestCore();
    for (const type of ['AlertRaised', 'AlertReminder', 'AlertResolved'] as const)
      t.deps.events.subscribe(type, async (e) => void events.push(e));
    const home = t.makeFolder(RESEARCHER, 'plankton-counts');
    // 10,000 small files in 100 sub-folders, as a real instrument dump would be laid out.
    for (let d = 0; d < 100; d++) {
      mkdirSync(join(home, `day-${d}`));
      for (let f = 0; f < FILES / 100; f++) writeFileSync(join(home, `day-${d}`, `sample-${f}.txt`), `${d}:${f}\n`);
    }
    requestId = (await submitRequest(t.deps, { requesterId: RESEARCHER, folderPath: 'plankton-counts', type: 'DOI' }))
      .id;
    await setRequestStatus(t.deps, { actorId: CURATOR, requestId, status: 'Approved' });
    await mintIdentifier(t.deps, { actorId: CURATOR, requestId });
    curated = join(t.storeRoot, 'curated', 'plankton-counts');
  }, 120_000);
  afterAll(() => t.dispose());

  const sweep = async () => {
    const run = await (await launchFixitySweep(t.deps, 'test', { remindAfterMs: 24 * HOUR })).finished;
    await t.deps.events.idle();
    await t.deps.events.deliverPending();
    return run;
  };
  const ofType = (type: DomainEvent['type']) => events.filter((e) => e.type === type);
  const flipped = 'day-42/sample-17.txt';

  it('finds nothing to say about an untouched folder', async () => {
    const run = await sweep();
    expect(run).toMatchObject({ job: 'fixity_sweep', outcome: 'succeeded', counts: { checked: 1, changed: 0 } });
    expect(events).toEqual([]);
  }, 60_000);

  it('finds one flipped byte among 10,000 files and alerts once, however often it sweeps', async () => {
    const original = readFileSync(join(curated, flipped));
    const bytes = Buffer.from(original);
    bytes[0] = (bytes[0] ?? 0) ^ 0x01;
    writeFileSync(join(curated, flipped), bytes);

    expect(await sweep()).toMatchObject({ outcome: 'succeeded', counts: { checked: 1, changed: 1, raised: 1 } });
    expect(await sweep()).toMatchObject({ counts: { changed: 1, raised: 0, reminded: 0 } });
    expect(ofType('AlertRaised')).toHaveLength(1);
    const [alert] = await openAlerts(t.deps);
    expect(alert).toMatchObject({
      key: `fixity:request-${requestId}`,
      title: `Fixity of curated/plankton-counts (request #${requestId}) failing`,
    });
    expect(alert?.detail).toContain(`1 changed (${flipped})`);
    expect(events).toHaveLength(1);

    writeFileSync(join(curated, flipped), original);
    expect(await sweep()).toMatchObject({ counts: { changed: 0, resolved: 1 } });
    expect(await sweep()).toMatchObject({ counts: { changed: 0, resolved: 0 } });
    expect(ofType('AlertResolved')).toHaveLength(1);
    expect(await openAlerts(t.deps)).toEqual([]);
    expect(events.map((e) => e.type)).toEqual(['AlertRaised', 'AlertResolved']);
    await expectInvariants({ ...t, purl: t.purl });
  }, 120_000);

  it('alerts on an edited manifest-sha256.txt too: the database keeps the true one', async () => {
    const manifest = join(curated, 'manifest-sha256.txt');
    const text = readFileSync(manifest, 'utf8');
    writeFileSync(manifest, text.replace(/^[0-9a-f]{64}/, '0'.repeat(64)));
    expect(await sweep()).toMatchObject({ counts: { changed: 1, raised: 1 } });
    expect((await openAlerts(t.deps))[0]?.detail).toContain('1 changed (manifest-sha256.txt)');
    writeFileSync(manifest, text);
    expect(await sweep()).toMatchObject({ counts: { changed: 0, resolved: 1 } });
  }, 120_000);
});
