import { afterEach, beforeEach, expect, it } from 'vitest';
import { InvalidInput, NotAllowed } from '../../../src/domain/errors.js';
import type { DomainEvent } from '../../../src/domain/events.js';
import type { PidRequest } from '../../../src/domain/request.js';
import { mintIdentifier } from '../../../src/services/minting/mintIdentifier.js';
import { assignRequest } from '../../../src/services/requests/assignRequest.js';
import { listRequests } from '../../../src/services/requests/listRequests.js';
import { setRequestStatus } from '../../../src/services/requests/setRequestStatus.js';
import { showRequest } from '../../../src/services/requests/showRequest.js';
import { submitRequest } from '../../../src/services/requests/submitRequest.js';
import { databaseSnapshot, expectInvariants } from '../../support/invariants.js';
import { CURATOR, createTestCore, RESEARCHER, type TestCore } from '../../support/testCore.js';
import { describeEachDialect } from '../../support/testDatabases.js';

const SECOND_CURATOR = 'UCURATOR2';

describeEachDialect('assigning a request to a curator', (dialect) => {
  let t: TestCore;
  let request: PidRequest;
  let events: DomainEvent[];

  beforeEach(async () => {
    t = await createTestCore({ CURATOR_USER_IDS: `${CURATOR},${SECOND_CURATOR}` }, dialect);
    events = [];
    t.deps.events.subscribe('RequestAssigned', async (e) => void events.push(e));
    t.makeFolder(RESEARCHER, 'reef-survey', 'valid-dataset-national-gallery.json');
    request = await submitRequest(t.deps, { requesterId: RESEARCHER, folderPath: 'reef-survey', type: 'DOI' });
  });
  afterEach(() => t.dispose());

  const assign = (actorId: string, assigneeId: string) =>
    assignRequest(t.deps, { actorId, requestId: request.id, assigneeId });

  it('takes a request, hands it to another curator, records both in the history and keeps the status', async () => {
    const taken = await assign(CURATOR, CURATOR);
    expect(taken.request).toMatchObject({ assigneeId: CURATOR, status: 'Submitted' });
    const again = await assign(CURATOR, CURATOR);
    expect(again.change).toBeUndefined();
    const handed = await assign(CURATOR, SECOND_CURATOR);
    expect(handed.request.assigneeId).toBe(SECOND_CURATOR);

    const { request: shown, history } = await showRequest(t.deps, { actorId: RESEARCHER, requestId: request.id });
    expect(shown.assigneeId).toBe(SECOND_CURATOR);
    expect(history.map((c) => [c.fromStatus, c.toStatus, c.actorId, c.assigneeId])).toEqual([
      [null, 'Submitted', RESEARCHER, undefined],
      ['Submitted', 'Submitted', CURATOR, CURATOR],
      ['Submitted', 'Submitted', CURATOR, SECOND_CURATOR],
    ]);
    await t.deps.events.idle();
    expect(events.map((e) => e.type === 'RequestAssigned' && [e.previousAssigneeId, e.change.assigneeId])).toEqual([
      [null, CURATOR],
      [CURATOR, SECOND_CURATOR],
    ]);

    // A later status change keeps the assignee, and the history still chains.
    await setRequestStatus(t.deps, { actorId: SECOND_CURATOR, requestId: request.id, status: 'Approved' });
    expect((await t.deps.uow.repos.requests.findById(request.id))?.assigneeId).toBe(SECOND_CURATOR);
    await expectInvariants(t);
  });

  it('lists the requests assigned to a curator', async () => {
    t.makeFolder(RESEARCHER, 'kelp', 'valid-minimal.json');
    const other = await submitRequest(t.deps, { requesterId: RESEARCHER, folderPath: 'kelp', type: 'DOI' });
    await assign(CURATOR, SECOND_CURATOR);
    const mine = await listRequests(t.deps, { actorId: SECOND_CURATOR, filter: { assigneeId: SECOND_CURATOR } });
    expect(mine.items.map((r) => r.id)).toEqual([request.id]);
    const none = await listRequests(t.deps, { actorId: CURATOR, filter: { assigneeId: CURATOR } });
    expect(none.items).toEqual([]);
    expect(other.assigneeId).toBeNull();
  });

  it('refuses a non-curator (as actor or as assignee) and a completed request, changing nothing', async () => {
    const before = await databaseSnapshot(t);
    await expect(assign(RESEARCHER, RESEARCHER)).rejects.toThrow(NotAllowed);
    await expect(assign(RESEARCHER, RESEARCHER)).rejects.toThrow('Only curators can assign requests.');
    const refused = assign(CURATOR, RESEARCHER);
    await expect(refused).rejects.toThrow(InvalidInput);
    await expect(refused).rejects.toThrow(`${RESEARCHER} is not a curator`);
    expect(await databaseSnapshot(t)).toEqual(before);
    expect((await t.deps.uow.repos.requests.findById(request.id))?.assigneeId).toBeNull();

    await setRequestStatus(t.deps, { actorId: CURATOR, requestId: request.id, status: 'Approved' });
    await mintIdentifier(t.deps, { actorId: CURATOR, requestId: request.id });
    await expect(assign(CURATOR, CURATOR)).rejects.toThrow(/is complete/);
    await expectInvariants(t);
  });
});
