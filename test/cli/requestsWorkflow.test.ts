import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PidRequest } from '../../src/domain/request.js';
import { submitRequest } from '../../src/services/requests/submitRequest.js';
import { folderHashes } from '../support/folderHashes.js';
import { CURATOR, createTestCore, RESEARCHER, type TestCore } from '../support/testCore.js';
import { runPidbot } from './runPidbot.js';

describe('pidbot requests changes|resubmit|decline|cancel', () => {
  let t: TestCore;
  let reef: PidRequest;
  let kelp: PidRequest;
  let kelpBefore: Record<string, string>;
  beforeAll(async () => {
    t = await createTestCore();
    t.makeFolder(RESEARCHER, 'reef-survey', 'valid-minimal.json');
    kelpBefore = folderHashes(t.makeFolder(RESEARCHER, 'kelp', 'valid-minimal.json'));
    reef = await submitRequest(t.deps, { requesterId: RESEARCHER, folderPath: 'reef-survey', type: 'DOI' });
    kelp = await submitRequest(t.deps, { requesterId: RESEARCHER, folderPath: 'kelp', type: 'DOI' });
  });
  afterAll(() => t.dispose());

  it('takes each action with the same permission checks as Slack, and records it as from the CLI', async () => {
    const [notCurator, noReason, notRequester] = await Promise.all([
      runPidbot(t, ['requests', 'changes', String(reef.id), '--reason', 'x', '--as', RESEARCHER]),
      runPidbot(t, ['requests', 'decline', String(reef.id), '--as', CURATOR]),
      runPidbot(t, ['requests', 'cancel', String(reef.id), '--as', CURATOR]),
    ]);
    expect(notCurator.code).toBe(1);
    expect(notCurator.stderr).toMatch(/Only curators can ask/);
    expect(noReason.code).toBe(1);
    expect(noReason.stderr).toMatch(/reason/);
    expect(notRequester.code).toBe(1);
    expect(notRequester.stderr).toMatch(/Only the requester/);

    const changes = await runPidbot(t, [
      'requests',
      'changes',
      String(reef.id),
      '--reason',
      'Add a licence',
      '--as',
      CURATOR,
    ]);
    expect(changes.code).toBe(0);
    expect(changes.stdout.trim()).toBe(`Request #${reef.id}: Submitted -> Changes requested (changes_requested).`);
    const resubmit = await runPidbot(t, ['requests', 'resubmit', String(reef.id), '--as', RESEARCHER, '--json']);
    expect(resubmit.code).toBe(0);
    expect(JSON.parse(resubmit.stdout)).toMatchObject({ request: { workflowState: 'in_review', status: 'Submitted' } });
    const decline = await runPidbot(t, [
      'requests',
      'decline',
      String(reef.id),
      '--reason',
      'Out of scope',
      '--as',
      CURATOR,
    ]);
    expect(decline.code).toBe(0);

    const cancel = await runPidbot(t, ['requests', 'cancel', String(kelp.id), '--as', RESEARCHER]);
    expect(cancel.code).toBe(0);
    expect(folderHashes(join(t.storeRoot, 'home', RESEARCHER, 'kelp'))).toEqual(kelpBefore);
    const history = await t.deps.uow.repos.history.forRequest(kelp.id);
    expect(history.at(-1)).toMatchObject({
      toStatus: 'Cancelled',
      actorId: RESEARCHER,
      via: expect.stringMatching(/^CLI/),
    });
  }, 120_000);
});
