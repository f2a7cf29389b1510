import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ProviderUnavailable } from '../../../src/domain/errors.js';
import type { DomainEvent } from '../../../src/domain/events.js';
import { MintFailedError, type MintStep } from '../../../src/domain/identifierMint.js';
import type { PidRequest } from '../../../src/domain/request.js';
import type { PurlFaults } from '../../../src/sandbox/purl/faults.js';
import { mintIdentifier } from '../../../src/services/minting/mintIdentifier.js';
import { reconcileMints } from '../../../src/services/minting/reconcileMints.js';
import { showRequest } from '../../../src/services/requests/showRequest.js';
import { submitRequest } from '../../../src/services/requests/submitRequest.js';
import type { ServiceDeps } from '../../../src/services/runtime/serviceDeps.js';
import { hang, replacing } from '../../support/replacing.js';
import { CURATOR, createTestCore, journalRunningAttempt, RESEARCHER, type TestCore } from '../../support/testCore.js';
import { describeEachDialect } from '../../support/testDatabases.js';

describeEachDialect('a mint that fails part-way, or is cut short by a crash', (dialect) => {
  let t: TestCore;
  let request: PidRequest;

  beforeEach(async () => {
    t = await createTestCore({}, dialect);
    t.makeFolder(RESEARCHER, 'kelp');
    request = await submitRequest(t.deps, { requesterId: RESEARCHER, folderPath: 'kelp', type: 'DOI' });
  });
  afterEach(() => t.dispose());

  const mint = (deps: ServiceDeps = t.deps) => mintIdentifier(deps, { actorId: CURATOR, requestId: request.id });
  const count = (method: string, core = t) => core.purl.requestLog.filter((entry) => entry.method === method).length;
  const failure = async (deps?: ServiceDeps): Promise<MintFailedError> => {
    const error = await mint(deps).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MintFailedError);
    return error as MintFailedError;
  };
  /** Subscribes to the mint events of `core`; call the result to deliver what is pending and read them. */
  const collectEvents = (core: TestCore): (() => Promise<DomainEvent[]>) => {
    const events: DomainEvent[] = [];
    for (const type of ['MintFailed', 'MintReconciled', 'IdentifierMinted'] as const)
      core.deps.events.subscribe(type, async (e) => void events.push(e));
    return async () => {
      await core.deps.events.idle();
      await core.deps.events.deliverPending();
      return events;
    };
  };

  const failingSteps: [MintStep, (faults: PurlFaults) => void, () => ServiceDeps | undefined, number][] = [
    ['reserve', (f) => f.failNext('create', 'http500Html'), () => undefined, 2],
    ['publish', (f) => f.failNext('update', 'statusCodeInBody'), () => undefined, 1],
    ['publish', (f) => f.failNext('state', 'statusCodeInBody'), () => undefined, 1],
    [
      'write_metadata',
      () => undefined,
      () => ({
        ...t.deps,
        dataStore: replacing(t.deps.dataStore, 'writeMetadataFile', () =>
          Promise.reject(new Error('EACCES: permission denied, write datacite.json')),
        ),
      }),
      1,
    ],
    [
      'move',
      () => undefined,
      () => ({
        ...t.deps,
        dataStore: replacing(t.deps.dataStore, 'move', () =>
          Promise.reject(new Error('EXDEV: cross-device link not permitted')),
        ),
      }),
      1,
    ],
  ];

  it.each(failingSteps)(
    'a failure at %s leaves the request Failed with the error, and minting again resumes there',
    async (step, breakProvider, brokenDeps, createsInAll) => {
      const delivered = collectEvents(t);
      breakProvider(t.purl.faults);
      const error = await failure(brokenDeps());

      expect(error.step).toBe(step);
      expect(error.providerMessage.length).toBeGreaterThan(10);
      const failed = await showRequest(t.deps, { actorId: CURATOR, requestId: request.id });
      expect(failed.request.status).toBe('Failed');
      expect(failed.history.at(-1)).toMatchObject({ toStatus: 'Failed', actorId: CURATOR });
      expect(failed.history.at(-1)?.comment).toContain(error.providerMessage);
      expect(await t.deps.uow.repos.mintJournal.latest(request.id)).toMatchObject({
        status: 'failed',
        step,
        error: error.providerMessage,
      });
      expect(await delivered()).toEqual([
        expect.objectContaining({ type: 'MintFailed', step, error: error.providerMessage, actorId: CURATOR }),
      ]);

      const result = await mint();
      expect(result.resumedFrom).toBe(step);
      expect(result.request.status).toBe('Completion');
      expect(count('create')).toBe(createsInAll);
      expect(t.purl.identifiers.size).toBe(1);
      expect(t.purl.identifiers.get(result.identifier.doi)?.state).toBe('public');
      expect(result.identifier.state).toBe('findable');
      const written = JSON.parse(readFileSync(join(t.storeRoot, 'curated', 'kelp', 'datacite.json'), 'utf8')) as {
        doi: string;
      };
      expect(written.doi).toBe(result.identifier.doi);
    },
  );

  it('records every failure in the history, also when the request is already Failed', async () => {
    t.purl.faults.failNext('update', 'statusCodeInBody', 2);
    await failure();
    await failure();
    const history = (await showRequest(t.deps, { actorId: CURATOR, requestId: request.id })).history;
    expect(history.map((h) => `${h.fromStatus ?? '-'}>${h.toStatus}`)).toEqual([
      '->Submitted',
      'Submitted>Failed',
      'Failed>Failed',
    ]);
    expect((await mint()).resumedFrom).toBe('publish');
    expect(count('create')).toBe(1);
  });

  it('keeps the metadata written by a failed attempt instead of writing it again', async () => {
    t.purl.faults.failNext('update', 'statusCodeInBody');
    await failure();
    const staged = join(t.storeRoot, 'staging', 'kelp', 'datacite.json');
    const afterFirst = readFileSync(staged, 'utf8');
    await mint();
    expect(readFileSync(join(t.storeRoot, 'curated', 'kelp', 'datacite.json'), 'utf8')).toBe(afterFirst);
  });

  it('finds an identifier whose create answer was lost, instead of creating a second one', async () => {
    const lostAnswer = replacing(t.deps.pids, 'reserve', async (itemId: string) => {
      await t.deps.pids.reserve(itemId);
      throw new ProviderUnavailable('PURL service at 127.0.0.1 dropped the connection before answering create');
    });
    await failure({ ...t.deps, pids: lostAnswer });
    expect(await t.deps.uow.repos.identifiers.findByRequest(request.id)).toBeUndefined();

    const result = await mint();
    expect(count('create')).toBe(1);
    expect(result.identifier).toMatchObject({ state: 'findable', ark: null });
    expect([...t.purl.identifiers.keys()]).toEqual([result.identifier.doi]);
  });

  it.each([
    ['after the reserve was recorded', 'publish'],
    ['after the reserve, before it was recorded', 'reserve'],
  ] as const)('finishes a mint interrupted %s at the next start, without a second create', async (_when, hungCall) => {
    let reached: () => void = () => undefined;
    const reachedHang = new Promise<void>((resolve) => (reached = resolve));
    const crashing = replacing(t.deps.pids, hungCall, async (itemId: string) => {
      if (hungCall === 'reserve') await t.deps.pids.reserve(itemId);
      reached();
      return hang();
    });
    void mint({ ...t.deps, pids: crashing });
    await reachedHang;
    expect(await t.deps.uow.repos.mintJournal.latest(request.id)).toMatchObject({ status: 'running', step: hungCall });
    const createsBeforeCrash = count('create');

    t = await t.reopen();

    const details = await showRequest(t.deps, { actorId: CURATOR, requestId: request.id });
    expect(details.request).toMatchObject({ status: 'Completion', area: 'curated' });
    expect(createsBeforeCrash).toBe(1);
    expect(count('create')).toBe(0);
    expect(t.purl.identifiers.size).toBe(1);
    expect(await t.deps.uow.repos.mintJournal.running()).toEqual([]);
    const events = await collectEvents(t)();
    expect(events.map((e) => e.type)).toEqual(['IdentifierMinted', 'MintReconciled']);
    expect(events[1]).toMatchObject({ outcome: 'completed', step: hungCall, identifier: { state: 'findable' } });
  });

  it('marks an interrupted mint Failed, with the reason, when the provider cannot finish it', async () => {
    await journalRunningAttempt(t, request.id);
    t.purl.faults.failNext('create', 'http500Html');
    const delivered = collectEvents(t);

    const [reconciliation] = await reconcileMints(t.deps);

    expect(reconciliation).toMatchObject({
      requestId: request.id,
      outcome: 'failed',
      step: 'reserve',
      error: expect.stringMatching(/answered create with HTTP 500/),
    });
    expect((await t.deps.uow.repos.requests.findById(request.id))?.status).toBe('Failed');
    expect(await t.deps.uow.repos.mintJournal.latest(request.id)).toMatchObject({ status: 'failed', step: 'reserve' });
    expect((await delivered()).map((e) => e.type)).toEqual(['MintFailed', 'MintReconciled']);
    expect(t.purl.identifiers.size).toBe(0);
  });
});
