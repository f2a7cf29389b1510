import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Conflict, InvalidInput, NotAllowed } from '../../../src/domain/errors.js';
import type { DomainEvent } from '../../../src/domain/events.js';
import type { Identifier } from '../../../src/domain/identifier.js';
import { MintFailedError } from '../../../src/domain/identifierMint.js';
import type { PidRequest } from '../../../src/domain/request.js';
import { compareMetadata } from '../../../src/services/identifiers/compareMetadata.js';
import { deleteIdentifier } from '../../../src/services/identifiers/deleteIdentifier.js';
import { pushMetadataUpdate } from '../../../src/services/identifiers/pushMetadataUpdate.js';
import { verifyIdentifier } from '../../../src/services/identifiers/verifyIdentifier.js';
import { withdrawIdentifier } from '../../../src/services/identifiers/withdrawIdentifier.js';
import { mintIdentifier } from '../../../src/services/minting/mintIdentifier.js';
import { showRequest } from '../../../src/services/requests/showRequest.js';
import { submitRequest } from '../../../src/services/requests/submitRequest.js';
import { CURATOR, createTestCore, RESEARCHER, type TestCore } from '../../support/testCore.js';
import { describeEachDialect } from '../../support/testDatabases.js';

describeEachDialect('managing an identifier after minting', (dialect) => {
  let t: TestCore;
  let request: PidRequest;
  let events: DomainEvent[];
  const ids = () => ({ actorId: CURATOR, requestId: request.id });
  const lastHistoryLine = async () => (await showRequest(t.deps, ids())).history.at(-1);

  beforeEach(async () => {
    t = await createTestCore({}, dialect);
    events = [];
    for (const type of ['IdentifierWithdrawn', 'IdentifierDeleted', 'IdentifierMetadataPushed'] as const)
      t.deps.events.subscribe(type, async (e) => void events.push(e));
    t.makeFolder(RESEARCHER, 'tides');
    request = await submitRequest(t.deps, { requesterId: RESEARCHER, folderPath: 'tides', type: 'DOI' });
  });
  afterEach(() => t.dispose());

  const delivered = async () => {
    await t.deps.events.idle();
    await t.deps.events.deliverPending();
    return events;
  };

  describe('once public', () => {
    let minted: Identifier;
    beforeEach(async () => {
      minted = (await mintIdentifier(t.deps, ids())).identifier;
    });

    it('withdraws with the reason, shown at the provider and in the history', async () => {
      await expect(withdrawIdentifier(t.deps, { ...ids(), actorId: RESEARCHER, reason: 'x' })).rejects.toBeInstanceOf(
        NotAllowed,
      );
      await expect(withdrawIdentifier(t.deps, { ...ids(), reason: 'x'.repeat(501) })).rejects.toBeInstanceOf(
        InvalidInput,
      );

      const { identifier } = await withdrawIdentifier(t.deps, {
        ...ids(),
        reason: 'Data retracted at the  authors’ request',
      });

      expect(identifier).toMatchObject({ state: 'unavailable', stateReason: 'Data retracted at the authors’ request' });
      expect(t.purl.identifiers.get(minted.doi)).toMatchObject({
        state: 'unavailable',
        reason: 'Data retracted at the authors’ request',
      });
      expect(await lastHistoryLine()).toMatchObject({
        fromStatus: 'Completion',
        toStatus: 'Completion',
        actorId: CURATOR,
        comment: expect.stringContaining('authors’ request'),
      });
      expect(await delivered()).toEqual([
        expect.objectContaining({ type: 'IdentifierWithdrawn', reason: 'Data retracted at the authors’ request' }),
      ]);
      await expect(withdrawIdentifier(t.deps, { ...ids(), reason: 'again' })).rejects.toThrow(
        /only a findable \(published\) identifier can be withdrawn/,
      );
    });

    it('withdraws without a reason, as the document allows: the history and the event say none was given', async () => {
      const { identifier } = await withdrawIdentifier(t.deps, { ...ids(), reason: '   ' });
      expect(identifier).toMatchObject({ state: 'unavailable', stateReason: null });
      const atService = t.purl.identifiers.get(minted.doi);
      expect(atService?.state).toBe('unavailable');
      expect(atService?.reason).toBeUndefined();
      expect(await lastHistoryLine()).toMatchObject({ comment: `Withdrew ${minted.doi}. Reason: no reason given` });
      expect(await delivered()).toEqual([expect.objectContaining({ type: 'IdentifierWithdrawn', reason: null })]);
    });

    it('refuses to delete a public identifier, stating the rule', async () => {
      await expect(deleteIdentifier(t.deps, { ...ids(), actorId: RESEARCHER })).rejects.toBeInstanceOf(NotAllowed);
      const error = await deleteIdentifier(t.deps, ids()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Conflict);
      expect((error as Conflict).message).toMatch(/is findable: only a draft identifier can be deleted; withdraw it/);
      expect(t.purl.identifiers.get(minted.doi)?.state).toBe('public');
      expect(t.purl.requestLog.some((entry) => entry.method === 'delete')).toBe(false);
    });

    it('verifies, and records when and with what outcome', async () => {
      const good = await verifyIdentifier(t.deps, ids());
      expect(good.result.ok).toBe(true);
      expect(good.identifier).toMatchObject({ lastVerifyOk: true, lastVerifiedAt: expect.any(String) });

      t.purl.faults.breakVerify(minted.itemId, '10.5072/FK2ELSEWHERE');
      const bad = await verifyIdentifier(t.deps, ids());
      expect(bad.result.ok).toBe(false);
      expect(bad.result.differences).toContainEqual(expect.stringContaining('10.5072/FK2ELSEWHERE'));
      expect(await t.deps.uow.repos.identifiers.findByRequest(request.id)).toMatchObject({
        lastVerifyOk: false,
        lastVerifyMessage: bad.result.message,
      });
      await expect(verifyIdentifier(t.deps, { ...ids(), actorId: RESEARCHER })).rejects.toBeInstanceOf(NotAllowed);
    });

    it('names drift between the folder and the registrar when verifying, one difference per property', async () => {
      const file = join(t.storeRoot, 'curated', 'tides', 'datacite.json');
      const metadata = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      writeFileSync(
        file,
        JSON.stringify({ ...metadata, titles: [{ title: 'Tides, renamed in the folder' }], publicationYear: 1999 }),
      );
      const drift = await verifyIdentifier(t.deps, ids());
      expect(drift.result.ok).toBe(false);
      expect(drift.result.differences).toEqual([
        expect.stringMatching(/^title: the registrar has ".+", the folder has "Tides, renamed in the folder"$/),
        expect.stringMatching(/^publication year: the registrar has "\d{4}", the folder has "1999"$/),
      ]);
    });

    it('compares the metadata side by side and pushes a corrected file, keeping the identifier and its Issued date', async () => {
      expect((await compareMetadata(t.deps, ids())).rows.every((row) => row.same)).toBe(true);

      const file = join(t.storeRoot, 'curated', 'tides', 'datacite.json');
      const metadata = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      const { doi: _doi, ...withoutDoi } = metadata;
      writeFileSync(file, JSON.stringify({ ...withoutDoi, titles: [{ title: 'Tides, corrected' }] }));
      const differing = await compareMetadata(t.deps, ids());
      expect(differing.rows.filter((row) => !row.same).map((row) => row.name)).toEqual(
        expect.arrayContaining(['title']),
      );

      const pushed = await pushMetadataUpdate(t.deps, ids());
      expect(pushed.identifier.doi).toBe(minted.doi);
      const rewritten = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      expect(rewritten).toMatchObject({
        doi: minted.doi,
        dates: metadata.dates,
        titles: [{ title: 'Tides, corrected' }],
      });
      expect(t.purl.identifiers.get(minted.doi)?.registrarMetadata?.titles).toEqual([{ title: 'Tides, corrected' }]);
      expect((await compareMetadata(t.deps, ids())).rows.every((row) => row.same)).toBe(true);
      expect(await delivered()).toEqual([
        expect.objectContaining({ type: 'IdentifierMetadataPushed', actorId: CURATOR }),
      ]);

      writeFileSync(file, JSON.stringify({ ...metadata, publisher: '' }));
      await expect(pushMetadataUpdate(t.deps, ids())).rejects.toBeInstanceOf(InvalidInput);
    });
  });

  it('deletes a reserved identifier of a failed mint; minting again reserves a new one', async () => {
    t.purl.faults.failNext('update', 'statusCodeInBody');
    await expect(mintIdentifier(t.deps, ids())).rejects.toBeInstanceOf(MintFailedError);
    const reserved = await t.deps.uow.repos.identifiers.findByRequest(request.id);
    expect(reserved?.state).toBe('draft');

    const { identifier } = await deleteIdentifier(t.deps, ids());
    expect(identifier.state).toBe('deleted');
    expect(t.purl.identifiers.size).toBe(0);
    expect(await lastHistoryLine()).toMatchObject({
      toStatus: 'Failed',
      comment: expect.stringContaining(`Deleted the draft identifier ${reserved?.doi}`),
    });
    expect(await delivered()).toEqual([expect.objectContaining({ type: 'IdentifierDeleted' })]);

    const again = await mintIdentifier(t.deps, ids());
    expect(again.identifier.doi).not.toBe(reserved?.doi);
    expect(again.request.status).toBe('Completion');
    expect(JSON.parse(readFileSync(join(t.storeRoot, 'curated', 'tides', 'datacite.json'), 'utf8'))).toMatchObject({
      doi: again.identifier.doi,
    });
  });

  it('says there is nothing to manage before minting', async () => {
    await expect(verifyIdentifier(t.deps, ids())).rejects.toThrow(/has no identifier yet; mint it first/);
  });
});
