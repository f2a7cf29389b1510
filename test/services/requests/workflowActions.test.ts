import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { Conflict, InvalidInput, NotAllowed } from '../../../src/domain/errors.js';
import { waitsOn } from '../../../src/domain/requestWorkflow.js';
import { mintIdentifier } from '../../../src/services/minting/mintIdentifier.js';
import { cancelRequest, declineRequest } from '../../../src/services/requests/closeRequest.js';
import { requestChanges, resubmitRequest } from '../../../src/services/requests/requestChanges.js';
import { submitRequest } from '../../../src/services/requests/submitRequest.js';
import { folderHashes } from '../../support/folderHashes.js';
import { expectInvariants } from '../../support/invariants.js';
import { CURATOR, createTestCore, OTHER_RESEARCHER, RESEARCHER, type TestCore } from '../../support/testCore.js';
import { describeEachDialect } from '../../support/testDatabases.js';

describeEachDialect('request changes, resubmit, decline and cancel', (dialect) => {
  let t: TestCore;
  let home: string;
  let before: Record<string, string>;
  let requestId: number;

  beforeEach(async () => {
    t = await createTestCore({}, dialect);
    home = t.makeFolder(RESEARCHER, 'surveys/reef-2025', 'valid-minimal.json');
    writeFileSync(join(home, 'notes.bin'), Buffer.from([0, 255, 10, 13, 128, 7]));
    before = folderHashes(home);
    requestId = (await submitRequest(t.deps, { requesterId: RESEARCHER, folderPath: 'surveys/reef-2025', type: 'DOI' }))
      .id;
  });
  afterEach(() => t.dispose());

  const staging = () => join(t.storeRoot, 'staging', 'reef-2025');

  it('sends a request back with a reason, refuses a still-broken resubmission listing every problem, then takes the fixed one', async () => {
    await expect(requestChanges(t.deps, { actorId: CURATOR, requestId })).rejects.toBeInstanceOf(InvalidInput);
    await expect(requestChanges(t.deps, { actorId: RESEARCHER, requestId, reason: 'x' })).rejects.toBeInstanceOf(
      NotAllowed,
    );
    const sent = await requestChanges(t.deps, { actorId: CURATOR, requestId, reason: 'Add a licence' });
    expect(sent.request).toMatchObject({ workflowState: 'changes_requested', status: 'Changes requested' });
    expect(sent.change.comment).toBe('Add a licence');
    expect(waitsOn(sent.request)).toBe('requester');
    const grants = await t.deps.uow.repos.permissions.forFolder('staging', 'reef-2025');
    expect(grants).toContainEqual(
      expect.objectContaining({ principal: { kind: 'user', id: RESEARCHER }, level: 'write' }),
    );
    await expect(mintIdentifier(t.deps, { actorId: CURATOR, requestId })).rejects.toBeInstanceOf(Conflict);

    // Still broken: two problems at once, written to the history for the curators' thread.
    const valid = readFileSync(join(staging(), 'datacite.json'));
    writeFileSync(join(staging(), 'datacite.json'), JSON.stringify({ titles: [] }));
    const refused = await resubmitRequest(t.deps, { actorId: RESEARCHER, requestId }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InvalidInput);
    expect((refused as InvalidInput).problems.length).toBeGreaterThan(1);
    const afterRefusal = await t.deps.uow.repos.requests.findById(requestId);
    expect(afterRefusal?.workflowState).toBe('changes_requested');
    const history = await t.deps.uow.repos.history.forRequest(requestId);
    expect(history.at(-1)?.comment).toMatch(/Resubmission refused: the folder still has \d+ problem/);
    await expect(resubmitRequest(t.deps, { actorId: OTHER_RESEARCHER, requestId })).rejects.toBeInstanceOf(NotAllowed);

    // Fixed in place.
    writeFileSync(join(staging(), 'datacite.json'), valid);
    const resubmitted = await resubmitRequest(t.deps, { actorId: RESEARCHER, requestId });
    expect(resubmitted.request).toMatchObject({ workflowState: 'in_review', status: 'Submitted', area: 'staging' });
    expect(waitsOn(resubmitted.request)).toBe('curators');
    await expect(resubmitRequest(t.deps, { actorId: RESEARCHER, requestId })).rejects.toBeInstanceOf(Conflict);
  });

  it('declines with a reason: the folder goes back home byte for byte and the request is closed for good', async () => {
    await expect(declineRequest(t.deps, { actorId: CURATOR, requestId, reason: ' ' })).rejects.toBeInstanceOf(
      InvalidInput,
    );
    await expect(declineRequest(t.deps, { actorId: RESEARCHER, requestId, reason: 'no' })).rejects.toBeInstanceOf(
      NotAllowed,
    );
    const { request, change } = await declineRequest(t.deps, { actorId: CURATOR, requestId, reason: 'Out of scope' });
    expect(request).toMatchObject({
      workflowState: 'declined',
      status: 'Declined',
      area: 'home',
      closedAt: expect.any(String),
    });
    expect(change.comment).toBe('Out of scope');
    expect(folderHashes(home)).toEqual(before);
    expect(waitsOn(request)).toBe('nobody');
    await expect(cancelRequest(t.deps, { actorId: RESEARCHER, requestId })).rejects.toBeInstanceOf(Conflict);
    await expectInvariants(t);
    // The folder can be submitted again as a new request.
    await submitRequest(t.deps, { requesterId: RESEARCHER, folderPath: 'surveys/reef-2025', type: 'DOI' });
  });

  it('lets only the requester cancel, before minting: the folder goes back home byte for byte', async () => {
    await expect(cancelRequest(t.deps, { actorId: CURATOR, requestId })).rejects.toBeInstanceOf(NotAllowed);
    const { request } = await cancelRequest(t.deps, { actorId: RESEARCHER, requestId });
    expect(request).toMatchObject({ workflowState: 'cancelled', status: 'Cancelled', area: 'home' });
    expect(folderHashes(home)).toEqual(before);
    await expectInvariants(t);
  });

  it('returns the folder next to a new one that took its place at home', async () => {
    t.makeFolder(RESEARCHER, 'surveys/reef-2025');
    const { request, change } = await cancelRequest(t.deps, { actorId: RESEARCHER, requestId });
    expect(request.sourcePath).toBe(`surveys/reef-2025-returned-from-request-${requestId}`);
    expect(change.comment).toMatch(/back in your home as/);
    expect(folderHashes(join(t.storeRoot, 'home', RESEARCHER, request.sourcePath))).toEqual(before);
  });

  it('refuses cancel once minted', async () => {
    await mintIdentifier(t.deps, { actorId: CURATOR, requestId });
    await expect(cancelRequest(t.deps, { actorId: RESEARCHER, requestId })).rejects.toThrow(/already complete/);
  });
});
