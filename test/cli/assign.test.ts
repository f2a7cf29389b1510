import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PidRequest } from '../../src/domain/request.js';
import { setRequestStatus } from '../../src/services/requests/setRequestStatus.js';
import { submitRequest } from '../../src/services/requests/submitRequest.js';
import { databaseSnapshot, expectInvariants } from '../support/invariants.js';
import { CURATOR, createTestCore, RESEARCHER, type TestCore } from '../support/testCore.js';
import { runPidbot } from './runPidbot.js';

const SECOND_CURATOR = 'UCURATOR2';
const CURATORS = { CURATOR_USER_IDS: `${CURATOR},${SECOND_CURATOR}` };

describe('pidbot requests assign, and pidbot mint under two-person minting', () => {
  let t: TestCore;
  let reef: PidRequest;
  let kelp: PidRequest;
  beforeAll(async () => {
    t = await createTestCore(CURATORS);
    t.makeFolder(RESEARCHER, 'reef-survey', 'valid-dataset-national-gallery.json');
    t.makeFolder(RESEARCHER, 'kelp', 'valid-minimal.json');
    reef = await submitRequest(t.deps, { requesterId: RESEARCHER, folderPath: 'reef-survey', type: 'DOI' });
    kelp = await submitRequest(t.deps, { requesterId: RESEARCHER, folderPath: 'kelp', type: 'DOI' });
  });
  afterAll(() => t.dispose());

  // Eleven CLI processes in a row: each starts tsx, so this outlasts the default limit on a loaded machine.
  it('assigns to --me or to another curator, refuses non-curators and a wrong command line, and records it', async () => {
    const before = await databaseSnapshot(t);
    const [notCurator, notCuratorAssignee, both, neither] = await Promise.all([
      runPidbot(t, ['requests', 'assign', String(reef.id), '--me', '--as', RESEARCHER], CURATORS),
      runPidbot(t, ['requests', 'assign', String(reef.id), RESEARCHER, '--as', CURATOR], CURATORS),
      runPidbot(t, ['requests', 'assign', String(reef.id), SECOND_CURATOR, '--me', '--as', CURATOR], CURATORS),
      runPidbot(t, ['requests', 'assign', String(reef.id), '--as', CURATOR], CURATORS),
    ]);
    expect(notCurator.code).toBe(1);
    expect(notCurator.stderr).toContain('pidbot: Only curators can assign requests.');
    expect(notCuratorAssignee.code).toBe(1);
    expect(notCuratorAssignee.stderr).toContain(`assignee: ${RESEARCHER} is not a curator`);
    for (const run of [both, neither]) {
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('name the curator to assign, or give --me (not both)');
    }
    expect(await databaseSnapshot(t)).toEqual(before);

    const mine = await runPidbot(t, ['requests', 'assign', `#${reef.id}`, '--me', '--as', CURATOR], CURATORS);
    expect(mine.code).toBe(0);
    expect(mine.stdout.trim()).toBe(`Request #${reef.id} is assigned to ${CURATOR} (status Submitted).`);
    const [handed, again] = [
      await runPidbot(t, ['requests', 'assign', String(reef.id), SECOND_CURATOR, '--as', CURATOR, '--json'], CURATORS),
      await runPidbot(t, ['requests', 'assign', String(reef.id), SECOND_CURATOR, '--as', CURATOR], CURATORS),
    ];
    expect(handed.code).toBe(0);
    expect(JSON.parse(handed.stdout)).toMatchObject({
      request: { id: reef.id, assigneeId: SECOND_CURATOR, status: 'Submitted' },
      change: { fromStatus: 'Submitted', toStatus: 'Submitted', actorId: CURATOR, assigneeId: SECOND_CURATOR },
    });
    expect(again.stdout.trim()).toBe(`Request #${reef.id} was already assigned to ${SECOND_CURATOR}; nothing changed.`);

    const [list, show] = await Promise.all([
      runPidbot(t, ['requests', 'list', '--assignee', SECOND_CURATOR, '--as', CURATOR, '--json'], CURATORS),
      runPidbot(t, ['requests', 'show', String(reef.id), '--as', CURATOR], CURATORS),
    ]);
    expect((JSON.parse(list.stdout) as { items: PidRequest[] }).items.map((r) => r.id)).toEqual([reef.id]);
    expect(show.stdout).toMatch(new RegExp(`Assignee:\\s+${SECOND_CURATOR}`));
    expect(show.stdout).toContain(`assigned to ${CURATOR}`);
    expect(show.stdout).toContain(`assigned to ${SECOND_CURATOR}`);
    const history = await t.deps.uow.repos.history.forRequest(reef.id);
    expect(history.at(-1)?.via).toMatch(/^CLI/);
    await expectInvariants(t);
  }, 60_000);

  it('refuses the approver’s own mint with REQUIRE_TWO_CURATORS=true, and mints for another curator', async () => {
    await setRequestStatus(t.deps, { actorId: CURATOR, requestId: kelp.id, status: 'Approved' });
    const twoCurators = { ...CURATORS, REQUIRE_TWO_CURATORS: 'true', PURL_BASE_URL: '' };
    const refused = await runPidbot(t, ['mint', String(kelp.id), '--as', CURATOR], twoCurators);
    expect(refused.code).toBe(1);
    // The built-in sandbox (PURL_BASE_URL unset) warns on stderr first; the refusal is the last line.
    expect(refused.stderr.trim().split('\n').at(-1)).toBe(
      `pidbot: Two-person minting is on (REQUIRE_TWO_CURATORS): ${CURATOR} approved request #${kelp.id}, so another curator must mint it. Ask a fellow curator to click Mint (or run "pidbot mint ${kelp.id} --as <their Slack ID>").`,
    );
    expect((await t.deps.uow.repos.requests.findById(kelp.id))?.status).toBe('Approved');

    const minted = await runPidbot(t, ['mint', String(kelp.id), '--as', SECOND_CURATOR, '--json'], twoCurators);
    expect(minted.code).toBe(0);
    expect(JSON.parse(minted.stdout)).toMatchObject({ request: { id: kelp.id, status: 'Completion' } });
    // The child minted through its own sandbox, so this process's sandbox is left out of the check.
    await expectInvariants({ database: t.database, storeRoot: t.storeRoot });
  });
});
