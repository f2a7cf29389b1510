import { afterEach, expect, it } from 'vitest';
import { NotAllowed, TwoCuratorsRequired } from '../../../src/domain/errors.js';
import type { PidRequest } from '../../../src/domain/request.js';
import { mintIdentifier } from '../../../src/services/minting/mintIdentifier.js';
import { loadRequestCard } from '../../../src/services/requests/requestCard.js';
import { setRequestStatus } from '../../../src/services/requests/setRequestStatus.js';
import { submitRequest } from '../../../src/services/requests/submitRequest.js';
import { databaseSnapshot, expectInvariants } from '../../support/invariants.js';
import { CURATOR, createTestCore, RESEARCHER, type TestCore } from '../../support/testCore.js';
import { describeEachDialect } from '../../support/testDatabases.js';

const SECOND_CURATOR = 'UCURATOR2';

describeEachDialect('two-person minting (REQUIRE_TWO_CURATORS)', (dialect) => {
  let t: TestCore;
  afterEach(() => t.dispose());

  async function submitted(env: Record<string, string> = {}): Promise<PidRequest> {
    t = await createTestCore({ CURATOR_USER_IDS: `${CURATOR},${SECOND_CURATOR}`, ...env }, dialect);
    t.makeFolder(RESEARCHER, 'reef-survey', 'valid-dataset-national-gallery.json');
    return submitRequest(t.deps, { requesterId: RESEARCHER, folderPath: 'reef-survey', type: 'DOI' });
  }
  const mint = (actorId: string, request: PidRequest) => mintIdentifier(t.deps, { actorId, requestId: request.id });

  it('is off by default: the curator who approved may mint', async () => {
    const request = await submitted();
    expect(t.config.curation.requireTwoCurators).toBe(false);
    await setRequestStatus(t.deps, { actorId: CURATOR, requestId: request.id, status: 'Approved' });
    expect((await loadRequestCard(t.deps, request)).twoPersonMint).toBeUndefined();
    expect((await mint(CURATOR, request)).request.status).toBe('Completion');
    await expectInvariants(t);
  });

  it('refuses the approver (and a mint before any approval) with who approved and what to do; another curator mints', async () => {
    const request = await submitted({ REQUIRE_TWO_CURATORS: 'true' });
    const before = await databaseSnapshot(t);
    const unapproved = mint(CURATOR, request);
    await expect(unapproved).rejects.toThrow(TwoCuratorsRequired);
    await expect(unapproved).rejects.toThrow(
      `Two-person minting is on (REQUIRE_TWO_CURATORS): request #${request.id} has not been approved.`,
    );
    expect(await databaseSnapshot(t)).toEqual(before);

    await setRequestStatus(t.deps, { actorId: CURATOR, requestId: request.id, status: 'Approved' });
    expect((await loadRequestCard(t.deps, request)).twoPersonMint).toEqual({ approverId: CURATOR });
    const afterApproval = await databaseSnapshot(t);
    const refused = mint(CURATOR, request);
    await expect(refused).rejects.toThrow(NotAllowed);
    await expect(refused).rejects.toMatchObject({
      approverId: CURATOR,
      message: `Two-person minting is on (REQUIRE_TWO_CURATORS): ${CURATOR} approved request #${request.id}, so another curator must mint it. Ask a fellow curator to click Mint (or run "pidbot mint ${request.id} --as <their Slack ID>").`,
    });
    // Refused before anything was written: no attempt journalled, no provider call.
    expect(await databaseSnapshot(t)).toEqual(afterApproval);
    expect(t.purl.requestLog).toEqual([]);

    const minted = await mint(SECOND_CURATOR, request);
    expect(minted.request.status).toBe('Completion');
    expect((await loadRequestCard(t.deps, minted.request)).twoPersonMint).toBeUndefined();
    await expectInvariants(t);
  });
});
