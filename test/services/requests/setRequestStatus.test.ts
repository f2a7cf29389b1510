import { afterEach, beforeEach, expect, it } from 'vitest';
import { Conflict, InvalidInput } from '../../../src/domain/errors.js';
import type { PidRequest } from '../../../src/domain/request.js';
import { mintIdentifier } from '../../../src/services/minting/mintIdentifier.js';
import { listStatusCodes } from '../../../src/services/requests/listCatalogues.js';
import { setRequestStatus } from '../../../src/services/requests/setRequestStatus.js';
import { showRequest } from '../../../src/services/requests/showRequest.js';
import { submitRequest } from '../../../src/services/requests/submitRequest.js';
import { CURATOR, createTestCore, RESEARCHER, type TestCore } from '../../support/testCore.js';
import { describeEachDialect } from '../../support/testDatabases.js';

describeEachDialect('a curator setting the status of a request', (dialect) => {
  let t: TestCore;
  let request: PidRequest;

  beforeEach(async () => {
    t = await createTestCore({}, dialect);
    t.makeFolder(RESEARCHER, 'reef');
    request = await submitRequest(t.deps, { requesterId: RESEARCHER, folderPath: 'reef', type: 'DOI' });
  });
  afterEach(() => t.dispose());

  const set = (status: string, comment?: string) =>
    setRequestStatus(t.deps, { actorId: CURATOR, requestId: request.id, status, comment });
  const history = async () => (await showRequest(t.deps, { actorId: CURATOR, requestId: request.id })).history;

  it('saves a new code for reuse and matches it case-insensitively afterwards', async () => {
    const first = await set('Needs changes', 'Add a licence');
    expect(first.createdCode).toBe(true);
    expect((await listStatusCodes(t.deps)).map((c) => c.code)).toContain('Needs changes');

    await set('Evaluation');
    const again = await set('needs CHANGES');
    expect(again.createdCode).toBe(false);
    expect(again.request.status).toBe('Needs changes');
    expect((await listStatusCodes(t.deps)).filter((c) => c.code.toLowerCase() === 'needs changes')).toHaveLength(1);
  });

  it('appends history in order and writes nothing for the same status twice', async () => {
    await set('Evaluation');
    const repeat = await set('evaluation', 'still looking');
    expect(repeat.change).toBeUndefined();
    await set('Approved');
    expect((await history()).map((h) => `${h.fromStatus ?? '-'}>${h.toStatus}`)).toEqual([
      '->Submitted',
      'Submitted>Evaluation',
      'Evaluation>Approved',
    ]);
    const ids = (await history()).map((h) => h.id);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
  });

  it('keeps Completion for minting and refuses malformed codes without writing', async () => {
    await expect(set('Completion')).rejects.toBeInstanceOf(Conflict);
    await expect(set('<!channel>')).rejects.toBeInstanceOf(InvalidInput);
    await expect(set('x'.repeat(41))).rejects.toBeInstanceOf(InvalidInput);
    await expect(set('Pending', 'y'.repeat(2001))).rejects.toBeInstanceOf(InvalidInput);
    expect(await history()).toHaveLength(1);
    expect((await listStatusCodes(t.deps)).length).toBe(9);
  });

  it('appends a label after Completion that changes neither the identifier nor the closed request, and never reopens minting', async () => {
    const { identifier } = await mintIdentifier(t.deps, { actorId: CURATOR, requestId: request.id });
    const labelled = await set('Metadata corrected', 'Fixed a creator name');
    expect(labelled.request).toMatchObject({ status: 'Metadata corrected', closedAt: expect.any(String) });
    expect(labelled.change).toMatchObject({
      fromStatus: 'Completion',
      toStatus: 'Metadata corrected',
      comment: 'Fixed a creator name',
    });
    expect(await t.deps.uow.repos.identifiers.findByRequest(request.id)).toEqual(identifier);
    await expect(mintIdentifier(t.deps, { actorId: CURATOR, requestId: request.id })).rejects.toThrow(
      /already complete/,
    );
    expect(t.purl.requestLog.filter((e) => e.method === 'create')).toHaveLength(1);
    await expect(set('Completion')).rejects.toBeInstanceOf(Conflict);
  });

  it('refuses to edit or delete history rows at the database level', async () => {
    await expect(t.database.db.updateTable('status_history').set({ comment: 'rewritten' }).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(t.database.db.deleteFrom('status_history').execute()).rejects.toThrow(/append-only/);
  });
});
