import { afterEach, beforeEach, expect, it } from 'vitest';
import { mintIdentifier } from '../../../src/services/minting/mintIdentifier.js';
import { submitRequest } from '../../../src/services/requests/submitRequest.js';
import { expectInvariants } from '../../support/invariants.js';
import { CURATOR, createTestCore, RESEARCHER, type TestCore } from '../../support/testCore.js';
import { describeEachDialect } from '../../support/testDatabases.js';

describeEachDialect('a mint whose item the PURL sandbox already holds', (dialect) => {
  let t: TestCore;
  beforeEach(async () => {
    t = await createTestCore({}, dialect);
  });
  afterEach(() => t.dispose());

  it('adopts the DOI the service names in its "already has DOI" answer and completes with one identifier', async () => {
    t.makeFolder(RESEARCHER, 'kelp');
    const request = await submitRequest(t.deps, { requesterId: RESEARCHER, folderPath: 'kelp', type: 'DOI' });
    // As after restoring a database backup older than the create: the service has the item, the journal does not.
    const earlier = await t.deps.pids.reserve(`pidbot-${request.id}`);

    const { identifier } = await mintIdentifier(t.deps, { actorId: CURATOR, requestId: request.id });

    expect(identifier).toMatchObject({ doi: earlier.doi, state: 'findable' });
    expect([...t.purl.identifiers.keys()]).toEqual([earlier.doi]);
    await expectInvariants({ ...t, purl: t.purl });
  });
});
