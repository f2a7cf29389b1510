import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { Conflict, InvalidInput, NotAllowed, SymbolicLinksInFolder } from '../../../src/domain/errors.js';
import type { DomainEvent } from '../../../src/domain/events.js';
import { MintFailedError } from '../../../src/domain/identifierMint.js';
import type { PidRequest } from '../../../src/domain/request.js';
import { mintIdentifier } from '../../../src/services/minting/mintIdentifier.js';
import { setRequestStatus } from '../../../src/services/requests/setRequestStatus.js';
import { showRequest } from '../../../src/services/requests/showRequest.js';
import { submitRequest } from '../../../src/services/requests/submitRequest.js';
import { expectInvariants } from '../../support/invariants.js';
import { CURATOR, createTestCore, journalRunningAttempt, RESEARCHER, type TestCore } from '../../support/testCore.js';
import { describeEachDialect } from '../../support/testDatabases.js';

describeEachDialect('minting a permanent identifier through the PURL sandbox', (dialect) => {
  let t: TestCore;
  let request: PidRequest;
  let events: DomainEvent[];

  beforeEach(async () => {
    t = await createTestCore({}, dialect);
    events = [];
    t.deps.events.subscribe('IdentifierMinted', async (e) => void events.push(e));
    t.makeFolder(RESEARCHER, 'reef-survey', 'valid-dataset-national-gallery.json');
    request = await submitRequest(t.deps, { requesterId: RESEARCHER, folderPath: 'reef-survey', type: 'DOI' });
    await setRequestStatus(t.deps, { actorId: CURATOR, requestId: request.id, status: 'Approved' });
  });
  afterEach(() => t.dispose());

  const mint = (actorId = CURATOR) => mintIdentifier(t.deps, { actorId, requestId: request.id });
  const creates = () => t.purl.requestLog.filter((entry) => entry.method === 'create').length;
  const curatedMetadata = () =>
    JSON.parse(readFileSync(join(t.storeRoot, 'curated', 'reef-survey', 'datacite.json'), 'utf8')) as Record<
      string,
      unknown
    >;

  it('mints once end to end: identifier, metadata, registrar, curated folder, permissions, Completion and the event', async () => {
    const result = await mint();

    expect(result.resumedFrom).toBeUndefined();
    expect(result.identifier).toMatchObject({
      requestId: request.id,
      itemId: `pidbot-${request.id}`,
      state: 'findable',
    });
    expect(result.identifier.doi).toMatch(/^10\.5072\/FK2[0-9A-F]{8}$/);
    expect(result.identifier.ark).toMatch(/^ark:\/99999\/fk4/);
    expect(await t.deps.uow.repos.identifiers.findByRequest(request.id)).toEqual(result.identifier);

    // The provider holds it public, with the metadata the folder carries.
    const atProvider = t.purl.identifiers.get(result.identifier.doi);
    expect(atProvider).toMatchObject({ state: 'public', itemId: `pidbot-${request.id}` });
    expect(atProvider?.registrarMetadata?.doi).toBe(result.identifier.doi);
    expect(creates()).toBe(1);

    // The folder is in curated; its metadata names the DOI and today's (the clock's) date as Issued.
    expect(existsSync(join(t.storeRoot, 'staging', 'reef-survey'))).toBe(false);
    const metadata = curatedMetadata();
    expect(metadata.doi).toBe(result.identifier.doi);
    expect(metadata.dates).toContainEqual({ date: '2026-01-01', dateType: 'Issued' });
    expect(result.request).toMatchObject({ area: 'curated', status: 'Completion' });
    expect(
      (await t.deps.uow.repos.permissions.forFolder('curated', 'reef-survey')).map((g) => [g.principal, g.level]),
    ).toEqual([
      [{ kind: 'curators' }, 'own'],
      [{ kind: 'public' }, 'read'],
    ]);

    const history = (await showRequest(t.deps, { actorId: RESEARCHER, requestId: request.id })).history;
    expect(history.at(-1)).toMatchObject({ fromStatus: 'Approved', toStatus: 'Completion', actorId: CURATOR });
    expect(history.at(-1)?.comment).toContain(result.identifier.doi);
    expect(await t.deps.uow.repos.mintJournal.latest(request.id)).toMatchObject({
      status: 'done',
      step: 'complete',
      error: null,
    });

    await t.deps.events.idle();
    await t.deps.events.deliverPending();
    expect(events).toEqual([
      expect.objectContaining({
        type: 'IdentifierMinted',
        actorId: CURATOR,
        identifierUrl: `https://doi.org/${result.identifier.doi}`,
        request: expect.objectContaining({ id: request.id, status: 'Completion' }),
        identifier: expect.objectContaining({ doi: result.identifier.doi }),
      }),
    ]);
  });

  it('lets exactly one of 20 simultaneous clicks reach the provider; the others are told a mint is in progress', async () => {
    t.purl.faults.slow(50, 'create');
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => mint()));

    const minted = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
    expect(minted).toHaveLength(1);
    expect(refused).toHaveLength(19);
    for (const error of refused) {
      expect(error).toBeInstanceOf(Conflict);
      expect((error as Conflict).message).toMatch(/a mint is already in progress/i);
    }
    expect(creates()).toBe(1);
  });

  it('refuses a completed request, a non-curator, a name taken in curated and metadata that went bad in staging', async () => {
    await expect(mint(RESEARCHER)).rejects.toBeInstanceOf(NotAllowed);

    const staged = join(t.storeRoot, 'staging', 'reef-survey', 'datacite.json');
    const good = readFileSync(staged, 'utf8');
    writeFileSync(staged, JSON.stringify({ ...JSON.parse(good), publisher: '', titles: [] }));
    const invalid = await mint().catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(InvalidInput);
    expect((invalid as InvalidInput).message).toMatch(/no longer valid/);
    expect((invalid as InvalidInput).problems.map((p) => p.path)).toEqual(expect.arrayContaining(['$.titles']));
    writeFileSync(staged, good);

    mkdirSync(join(t.storeRoot, 'curated', 'reef-survey'), { recursive: true });
    await expect(mint()).rejects.toThrow(/already in curated/);

    expect(creates()).toBe(0);
    expect(await t.deps.uow.repos.mintJournal.latest(request.id)).toBeUndefined();
    expect((await t.deps.uow.repos.requests.findById(request.id))?.status).toBe('Approved');
  });

  it('refuses to make a folder public while a symbolic link is anywhere inside it, naming every link', async () => {
    const staged = join(t.storeRoot, 'staging', 'reef-survey');
    mkdirSync(join(staged, 'raw', 'deep'), { recursive: true });
    symlinkSync('/etc/passwd', join(staged, 'raw', 'deep', 'passwd'));
    symlinkSync(join(t.storeRoot, 'home'), join(staged, 'homes'));
    const refused = await mint().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SymbolicLinksInFolder);
    expect((refused as SymbolicLinksInFolder).paths).toEqual(['homes', 'raw/deep/passwd']);
    expect((refused as Error).message).toMatch(
      /staging\/reef-survey holds 2 symbolic link\(s\).*homes, raw\/deep\/passwd/,
    );
    expect(creates()).toBe(0);
    expect(await t.deps.uow.repos.mintJournal.latest(request.id)).toBeUndefined();
    expect(existsSync(join(t.storeRoot, 'curated', 'reef-survey'))).toBe(false);
    await expectInvariants(t);
  });

  it('checks for symbolic links again at the move step, leaving the folder in staging until they are gone', async () => {
    t.purl.faults.slow(300, 'create');
    const link = join(t.storeRoot, 'staging', 'reef-survey', 'elsewhere');
    const minting = mint().catch((e: unknown) => e);
    await vi.waitFor(() => expect(creates()).toBe(1));
    symlinkSync('/etc', link);
    const failed = await minting;
    expect(failed).toBeInstanceOf(MintFailedError);
    expect((failed as MintFailedError).step).toBe('move');
    expect((failed as Error).message).toMatch(/symbolic link.*elsewhere/);
    expect(existsSync(join(t.storeRoot, 'staging', 'reef-survey'))).toBe(true);
    expect(existsSync(join(t.storeRoot, 'curated', 'reef-survey'))).toBe(false);
    await expectInvariants(t);

    rmSync(link);
    const result = await mint();
    expect(result.resumedFrom).toBe('move');
    expect(result.request).toMatchObject({ area: 'curated', status: 'Completion' });
    expect(creates()).toBe(1);
    await expectInvariants(t);
  });

  it('refuses to mint a completed request again', async () => {
    await mint();
    const again = await mint().catch((e: unknown) => e);
    expect(again).toBeInstanceOf(Conflict);
    expect((again as Conflict).message).toMatch(/already complete/);
    expect(creates()).toBe(1);
  });

  it('refuses while a mint is running, from the journal row alone', async () => {
    await journalRunningAttempt(t, request.id, { owner: t.deps.lease.owner, step: 'publish' });
    await expect(mint()).rejects.toThrow(/already in progress .*register the metadata and target URL/);
    expect(creates()).toBe(0);
  });

  it('continues, rather than refuses, an attempt a process that is gone left running', async () => {
    const left = await journalRunningAttempt(t, request.id);
    const result = await mint();
    expect(result).toMatchObject({ resumedFrom: 'reserve', request: { status: 'Completion' } });
    expect(creates()).toBe(1);
    const attempts = await t.database.db.selectFrom('mint_journal').select(['id', 'status']).orderBy('id').execute();
    expect(attempts).toEqual([
      { id: left.id, status: 'interrupted' },
      { id: left.id + 1, status: 'done' },
    ]);
    await expectInvariants(t);
  });
});
