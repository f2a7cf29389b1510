/**
 * DataCite misbehaving — refusing with several errors, refusing the
 * credentials, not knowing the DOI, rate-limiting, failing, answering an HTML
 * page, too slow, dropping the connection, losing an answer — while requests
 * are minted, withdrawn and swept, through the real services, a real SQLite
 * file and the DataCite simulator over 127.0.0.1. Each time: the request is
 * Failed at the right step with a message a curator can act on (no stack, no
 * password), nothing is half-written here or at DataCite, and once DataCite is
 * back the work goes through with exactly one DOI: the one journalled first.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type PidbotError,
  ProviderMisconfigured,
  ProviderRejected,
  ProviderUnavailable,
} from '../../src/domain/errors.js';
import { MintFailedError, type MintStep } from '../../src/domain/identifierMint.js';
import type { PidRequest } from '../../src/domain/request.js';
import { type DataciteSimulator, startDataciteSimulator } from '../../src/sandbox/datacite/dataciteSimulator.js';
import type { DataciteFaultKind, DataciteOperation } from '../../src/sandbox/datacite/faults.js';
import { launchVerifySweep } from '../../src/services/identifiers/runVerifySweep.js';
import { withdrawIdentifier } from '../../src/services/identifiers/withdrawIdentifier.js';
import { mintIdentifier } from '../../src/services/minting/mintIdentifier.js';
import { submitRequest } from '../../src/services/requests/submitRequest.js';
import type { ServiceDeps } from '../../src/services/runtime/serviceDeps.js';
import { dataciteEnvironment } from '../support/dataciteEnvironment.js';
import { databaseSnapshot, expectInvariants } from '../support/invariants.js';
import { hang, replacing } from '../support/replacing.js';
import { CURATOR, createTestCore, RESEARCHER, type TestCore } from '../support/testCore.js';

const TIMEOUT_MS = 300;
/** Longer than the client waits for an attempt: every attempt times out. */
const SLOW_MS = TIMEOUT_MS * 2 + 100;
const DOI = String.raw`10\.5072/[0-9A-Z]{4}-[0-9A-Z]{4}`;

/** pidbot's word for each DataCite state: a withdrawn DOI is hidden (registered) at DataCite. */
const PIDBOT_STATE = { draft: 'draft', findable: 'findable', registered: 'unavailable' } as const;

/** The DataCite call each step or action makes, as the simulator counts it. */
const CALL: Record<'reserve' | 'publish' | 'withdraw', { scope: DataciteOperation; method: string }> = {
  reserve: { scope: 'create', method: 'POST' },
  publish: { scope: 'update', method: 'PUT' },
  withdraw: { scope: 'update', method: 'PUT' },
};

interface Breakage {
  name: string;
  /** A simulator fault, or `slow` (every answer later than DATACITE_TIMEOUT_MS). */
  kind: DataciteFaultKind | 'slow';
  error: new (...args: never[]) => PidbotError;
  /** What the message says about `call` (reserve, publish or withdraw) when it keeps failing. */
  message: (call: string) => RegExp;
  /** Also checked on the error: a 401 names the settings to fix, a 422 keeps the fields DataCite named. */
  details?: (error: PidbotError) => void;
}

const BREAKAGES: Breakage[] = [
  {
    name: 'HTTP 422 with several errors',
    kind: 'unprocessable',
    error: ProviderRejected,
    message: (call) =>
      new RegExp(
        `DataCite refused ${call} of ${DOI} \\(HTTP 422: titles: Titles can't be blank; creators: Creators can't be blank\\)`,
      ),
    details: (error) =>
      expect(error).toMatchObject({
        statusCode: 422,
        details: { titles: "Titles can't be blank", creators: "Creators can't be blank" },
      }),
  },
  {
    name: 'HTTP 401 (the password was changed)',
    kind: 'unauthorized',
    error: ProviderMisconfigured,
    message: (call) =>
      new RegExp(
        `DataCite refused pidbot's credentials for ${call} of ${DOI} \\(HTTP 401: Bad credentials\\.\\); check DATACITE_REPOSITORY_ID and DATACITE_PASSWORD`,
      ),
    details: (error) =>
      expect((error as ProviderMisconfigured).variables).toEqual(['DATACITE_REPOSITORY_ID', 'DATACITE_PASSWORD']),
  },
  {
    name: 'HTTP 404',
    kind: 'notFound',
    error: ProviderRejected,
    message: (call) =>
      call === 'reserve'
        ? new RegExp(
            `reserve of ${DOI} found no DataCite REST API at http://127\\.0\\.0\\.1:\\d+/dois \\(HTTP 404: The resource you are looking for doesn't exist\\.\\), so nothing was reserved; check DATACITE_API_URL`,
          )
        : new RegExp(
            `DataCite does not know ${DOI} \\(HTTP 404: The resource you are looking for doesn't exist\\.\\) — it was never reserved there`,
          ),
    details: (error) => expect(error).toMatchObject({ statusCode: 404 }),
  },
  {
    name: 'HTTP 429 (every attempt)',
    kind: 'rateLimited',
    error: ProviderUnavailable,
    message: (call) =>
      new RegExp(
        `rate-limited \\(HTTP 429, retry after 1 s\\) on ${call} of ${DOI}${call === 'reserve' ? '; it was not done' : ' after 3 attempt\\(s\\)'} — lower pidbot's DataCite request rate or try later`,
      ),
  },
  {
    name: 'HTTP 500',
    kind: 'http500',
    error: ProviderUnavailable,
    message: (call) =>
      new RegExp(
        `service unavailable — ${call} of ${DOI} answered HTTP 500: Internal server error\\..* Try again later\\.`,
      ),
  },
  {
    name: 'an HTML page instead of JSON',
    kind: 'htmlPage',
    error: ProviderUnavailable,
    message: (call) =>
      new RegExp(
        `service unavailable — ${call} of ${DOI} answered HTTP 200 with an HTML page \\("DataCite is down for maintenance"\\) instead of the API's JSON`,
      ),
  },
  {
    name: 'a time-out',
    kind: 'slow',
    error: ProviderUnavailable,
    message: (call) =>
      new RegExp(
        `service unavailable — no answer to ${call} of ${DOI} within ${TIMEOUT_MS} ms${call === 'reserve' ? '' : ' \\(3 attempts\\)'}\\.`,
      ),
  },
  {
    name: 'the connection dropped',
    kind: 'dropConnection',
    error: ProviderUnavailable,
    message: (call) =>
      new RegExp(`service unavailable — the connection was dropped during ${call} of ${DOI} \\(\\w+\\)`),
  },
];

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('DataCite misbehaving', () => {
  let sim: DataciteSimulator;
  let t: TestCore;
  /** Every log of every core the test opened (a reopen starts a new one). */
  let logs: string[][];
  /** Every error message a curator or the log was shown. */
  let messages: string[];

  beforeEach(async () => {
    sim = await startDataciteSimulator({ prefix: '10.5072' });
    t = await createTestCore(
      dataciteEnvironment(sim, { DATACITE_MAX_RPS: '500', DATACITE_TIMEOUT_MS: String(TIMEOUT_MS) }),
    );
    logs = [t.logLines];
    messages = [];
  });
  afterEach(async () => {
    await t.dispose();
    await sim.close();
    // The password, and the Basic token made from it, in no log line and no message.
    const secrets = [sim.password, Buffer.from(`${sim.repositoryId}:${sim.password}`).toString('base64')];
    const lines = [...logs.flat(), ...messages];
    expect(lines.length).toBeGreaterThan(0);
    for (const secret of secrets) expect(lines.filter((line) => line.includes(secret))).toEqual([]);
  });

  const submit = (folder: string): Promise<PidRequest> => {
    t.makeFolder(RESEARCHER, folder);
    return submitRequest(t.deps, { requesterId: RESEARCHER, folderPath: folder, type: 'DOI' });
  };
  const mint = (requestId: number, deps: ServiceDeps = t.deps) => mintIdentifier(deps, { actorId: CURATOR, requestId });
  const statusOf = async (requestId: number) => (await t.deps.uow.repos.requests.findById(requestId))?.status;
  const plannedDoi = async (requestId: number) => (await t.deps.uow.repos.mintJournal.latest(requestId))?.plannedDoi;
  const count = (method: string) => sim.requestLog.filter((entry) => entry.method === method).length;
  const heldDois = () => [...sim.dois.values()].map(({ doi, state }) => ({ doi, state }));

  const breakCall = (breakage: Breakage, scope: DataciteOperation): void => {
    if (breakage.kind === 'slow') sim.faults.slow(SLOW_MS, scope);
    else sim.faults.inject(breakage.kind, scope);
  };
  /** A slow answer is still being waited out at the simulator after the client gave up; let it end before comparing. */
  const settle = (breakage: Breakage) => (breakage.kind === 'slow' ? pause(SLOW_MS + 100) : Promise.resolve());

  /** What a curator or the log sees: says what happened, no stack trace, no password. */
  const expectClearMessage = (message: string, pattern: RegExp): void => {
    messages.push(message);
    expect(message).toMatch(pattern);
    expect(message).not.toMatch(/\n\s+at /);
    expect(message).not.toMatch(/\[object Object\]|undefined/);
    expect(message).not.toMatch(/[.?!]\. /);
  };

  /**
   * The shared invariants of the database and the store, and DataCite's side: each DOI at the simulator is the one
   * a request planned (at most one per request), each DOI pidbot records is there, in the matching state.
   */
  const invariants = async (): Promise<void> => {
    await expectInvariants({ database: t.database, storeRoot: t.storeRoot });
    const { db } = t.database;
    const identifiers = await db.selectFrom('identifiers').select(['request_id', 'doi', 'state']).execute();
    const journal = await db.selectFrom('mint_journal').select(['request_id', 'planned_doi']).execute();
    const violations: string[] = [];
    const plannedBy = new Map<string, number>();
    for (const row of journal) {
      if (row.planned_doi === null) continue;
      const earlier = plannedBy.get(row.planned_doi);
      if (earlier !== undefined && earlier !== row.request_id)
        violations.push(`${row.planned_doi} is planned for requests #${earlier} and #${row.request_id}`);
      plannedBy.set(row.planned_doi, row.request_id);
    }
    const heldBy = new Map<number, string[]>();
    for (const doi of sim.dois.keys()) {
      const requestId = plannedBy.get(doi);
      if (requestId === undefined) violations.push(`DataCite holds ${doi}, which no request planned`);
      else heldBy.set(requestId, [...(heldBy.get(requestId) ?? []), doi]);
    }
    for (const [requestId, dois] of heldBy)
      if (dois.length > 1)
        violations.push(`DataCite holds ${dois.length} DOIs for request #${requestId}: ${dois.join(', ')}`);
    for (const i of identifiers) {
      if (plannedBy.get(i.doi) !== i.request_id)
        violations.push(`request #${i.request_id} records ${i.doi}, which its mint journal never planned`);
      const record = sim.dois.get(i.doi);
      if (i.state === 'deleted') {
        if (record) violations.push(`${i.doi} is deleted here but ${record.state} at DataCite`);
      } else if (!record)
        violations.push(`${i.doi} (request #${i.request_id}) is ${i.state} here but unknown to DataCite`);
      else if (PIDBOT_STATE[record.state] !== i.state)
        violations.push(`${i.doi} is ${i.state} here but ${record.state} at DataCite`);
    }
    expect(violations).toEqual([]);
  };

  describe.each(BREAKAGES)('$name', (breakage) => {
    it.each(['reserve', 'publish'] as const)(
      'a mint whose %s call fails is Failed at that step with the reason; minting again completes it with one DOI',
      async (step: MintStep & keyof typeof CALL) => {
        const request = await submit('kelp');
        breakCall(breakage, CALL[step].scope);

        const error = await mint(request.id).catch((e: unknown) => e);

        expect(error).toBeInstanceOf(MintFailedError);
        const failure = error as MintFailedError;
        expect(failure.step).toBe(step);
        expect(failure.cause).toBeInstanceOf(breakage.error);
        breakage.details?.(failure.cause as PidbotError);
        expectClearMessage(failure.message, breakage.message(step));
        expect(await statusOf(request.id)).toBe('Failed');
        const history = await t.deps.uow.repos.history.forRequest(request.id);
        expect(history.at(-1)).toMatchObject({ fromStatus: 'Submitted', toStatus: 'Failed', actorId: CURATOR });
        expect(history.at(-1)?.comment).toContain(failure.providerMessage);
        const planned = await plannedDoi(request.id);
        expect(await t.deps.uow.repos.mintJournal.latest(request.id)).toMatchObject({
          status: 'failed',
          step,
          error: failure.providerMessage,
          plannedDoi: planned,
        });
        expect(failure.message).toContain(planned);
        await settle(breakage);
        if (step === 'reserve') {
          // POST is sent once, whatever the fault: only DataCite knows whether a second would make a second DOI.
          expect(count('POST')).toBe(1);
          expect(await t.deps.uow.repos.identifiers.findByRequest(request.id)).toBeUndefined();
          expect(heldDois()).toEqual([]);
        } else {
          expect(await t.deps.uow.repos.identifiers.findByRequest(request.id)).toMatchObject({
            doi: planned,
            state: 'draft',
          });
          expect(heldDois()).toEqual([{ doi: planned, state: 'draft' }]);
          expect((await t.deps.uow.repos.requests.findById(request.id))?.area).toBe('staging');
        }
        await invariants();

        sim.faults.reset();
        const result = await mint(request.id);
        expect(result).toMatchObject({
          resumedFrom: step,
          request: { status: 'Completion', area: 'curated' },
          identifier: { doi: planned, state: 'findable' },
        });
        expect(heldDois()).toEqual([{ doi: planned, state: 'findable' }]);
        expect(count('POST')).toBe(step === 'reserve' ? 2 : 1);
        await invariants();
      },
    );

    it('a withdraw whose PUT fails changes nothing: the DOI stays findable, here and at DataCite', async () => {
      const request = await submit('kelp');
      const { identifier } = await mint(request.id);
      await t.deps.events.idle();
      const before = await databaseSnapshot(t);
      breakCall(breakage, CALL.withdraw.scope);

      const error = await withdrawIdentifier(t.deps, {
        actorId: CURATOR,
        requestId: request.id,
        reason: 'Retracted by the authors',
      }).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(breakage.error);
      breakage.details?.(error as PidbotError);
      expectClearMessage((error as Error).message, breakage.message('withdraw'));
      expect(await t.deps.uow.repos.identifiers.findByRequest(request.id)).toMatchObject({
        state: 'findable',
        stateReason: null,
      });
      expect(await statusOf(request.id)).toBe('Completion');
      expect(await databaseSnapshot(t)).toEqual(before);
      await settle(breakage);
      expect(heldDois()).toEqual([{ doi: identifier.doi, state: 'findable' }]);
      await invariants();

      sim.faults.reset();
      await withdrawIdentifier(t.deps, { actorId: CURATOR, requestId: request.id, reason: 'Retracted by the authors' });
      expect(await t.deps.uow.repos.identifiers.findByRequest(request.id)).toMatchObject({
        state: 'unavailable',
        stateReason: 'Retracted by the authors',
      });
      expect(heldDois()).toEqual([{ doi: identifier.doi, state: 'registered' }]);
      await invariants();
    });
  });

  it('HTTP 429 once on the PUT: waited out (Retry-After: 1 s) and retried, and the mint completes', async () => {
    const request = await submit('kelp');
    sim.faults.failNext('update', 'rateLimited');
    const started = Date.now();

    const result = await mint(request.id);

    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(result).toMatchObject({
      request: { status: 'Completion', area: 'curated' },
      identifier: { state: 'findable' },
    });
    expect(result.resumedFrom).toBeUndefined();
    expect(count('PUT')).toBe(2);
    expect(heldDois()).toEqual([{ doi: result.identifier.doi, state: 'findable' }]);
    await invariants();
  });

  it.each([
    ['at once', false],
    ['after a 429 (Retry-After: 1 s) on the GET', true],
  ] as const)(
    'a lost POST answer: Failed at reserve; minting again finds the journalled DOI (%s) and completes with it, one DOI',
    async (_how, rateLimitedRead) => {
      const request = await submit('kelp');
      sim.faults.failNext('create', 'loseAnswer');

      const error = await mint(request.id).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(MintFailedError);
      const failure = error as MintFailedError;
      expect(failure.step).toBe('reserve');
      expect(failure.cause).toBeInstanceOf(ProviderUnavailable);
      expectClearMessage(
        failure.message,
        new RegExp(
          `the connection was dropped during reserve of ${DOI} \\(\\w+\\)\\. The reserve may or may not have taken effect`,
        ),
      );
      const planned = await plannedDoi(request.id);
      expect(planned).toMatch(new RegExp(`^${DOI}$`));
      // DataCite made the draft; pidbot, without the answer, records nothing yet.
      expect(heldDois()).toEqual([{ doi: planned, state: 'draft' }]);
      expect(await t.deps.uow.repos.identifiers.findByRequest(request.id)).toBeUndefined();
      expect(await statusOf(request.id)).toBe('Failed');
      await invariants();

      if (rateLimitedRead) sim.faults.failNext('read', 'rateLimited');
      const result = await mint(request.id);

      expect(result).toMatchObject({
        resumedFrom: 'reserve',
        request: { status: 'Completion', area: 'curated' },
        identifier: { doi: planned, state: 'findable' },
      });
      expect(heldDois()).toEqual([{ doi: planned, state: 'findable' }]);
      expect(count('POST')).toBe(1);
      expect(count('GET')).toBe(rateLimitedRead ? 2 : 1);
      const journal = await t.database.db
        .selectFrom('mint_journal')
        .select(['planned_doi', 'status'])
        .where('request_id', '=', request.id)
        .orderBy('id')
        .execute();
      expect(journal).toEqual([
        { planned_doi: planned, status: 'failed' },
        { planned_doi: planned, status: 'done' },
      ]);
      await invariants();
    },
  );

  const CRASHES = [
    { when: 'after the POST, draft made', call: 'reserve', acted: true, puts: 1 },
    { when: 'after the POST, nothing made', call: 'reserve', acted: false, puts: 1 },
    { when: 'after the PUT, DOI findable', call: 'publish', acted: true, puts: 2 },
  ] as const;

  /** The process dies while the call is out: DataCite may have acted on it (or not), and pidbot never recorded its answer. */
  it.each(CRASHES)(
    'a crash $when, before the answer was recorded: start-up finishes the mint with the journalled DOI, one DOI at DataCite',
    async ({ call, acted, puts }) => {
      const request = await submit('kelp');
      let reached: () => void = () => undefined;
      const reachedHang = new Promise<void>((resolve) => (reached = resolve));
      const real = t.deps.pids;
      const crashing = replacing(real, call, async (...args: unknown[]) => {
        if (acted) await (real[call] as (...a: unknown[]) => Promise<unknown>).apply(real, args);
        reached();
        return hang();
      });
      void mint(request.id, { ...t.deps, pids: crashing });
      await reachedHang;
      const planned = await plannedDoi(request.id);
      expect(await t.deps.uow.repos.mintJournal.latest(request.id)).toMatchObject({
        status: 'running',
        step: call,
        plannedDoi: planned,
      });
      const stateBeforeCrash = call === 'publish' ? 'findable' : 'draft';
      expect(heldDois()).toEqual(acted ? [{ doi: planned, state: stateBeforeCrash }] : []);

      t = await t.reopen();
      logs.push(t.logLines);

      expect(await t.deps.uow.repos.requests.findById(request.id)).toMatchObject({
        status: 'Completion',
        area: 'curated',
      });
      expect(await t.deps.uow.repos.identifiers.findByRequest(request.id)).toMatchObject({
        doi: planned,
        state: 'findable',
      });
      expect(heldDois()).toEqual([{ doi: planned, state: 'findable' }]);
      expect(count('POST')).toBe(1);
      // Publish is safe to repeat: after a crash in it, start-up sends it again.
      expect(count('PUT')).toBe(puts);
      expect(await t.deps.uow.repos.mintJournal.running()).toEqual([]);
      await invariants();
    },
  );

  describe.each([
    {
      name: 'HTTP 500 on every read',
      kind: 'http500' as const,
      message: new RegExp(`read of ${DOI} answered HTTP 500: Internal server error`),
      attempts: 3,
    },
    {
      name: 'every read timing out',
      kind: 'slow' as const,
      message: new RegExp(`no answer to read of ${DOI} within ${TIMEOUT_MS} ms \\(3 attempts\\)`),
      attempts: 3,
    },
    // Credentials refused for every identifier is the operator's outage, not broken identifiers; a 401 is not retried.
    {
      name: 'the credentials refused on every read',
      kind: 'unauthorized' as const,
      message: /DATACITE_REPOSITORY_ID/,
      attempts: 1,
    },
  ])('a verify sweep with $name', ({ kind, message, attempts }) => {
    it('fails with the reason and records no verdict; after the registrar is back the next sweep finishes with every identifier ok', async () => {
      const requests = [await submit('kelp'), await submit('tides')];
      for (const r of requests) await mint(r.id);
      await t.deps.events.idle();
      const before = await databaseSnapshot(t);
      if (kind === 'slow') sim.faults.slow(SLOW_MS, 'read');
      else sim.faults.inject(kind, 'read');

      const run = await (await launchVerifySweep(t.deps, 'fault-test')).finished;

      expect(run.outcome).toBe('failed');
      expectClearMessage(run.error ?? '', message);
      // GETs are retried on 5xx and time-outs: three attempts for each identifier.
      expect(count('GET')).toBe(attempts * requests.length);
      for (const r of requests) {
        expect(await t.deps.uow.repos.identifiers.findByRequest(r.id)).toMatchObject({
          state: 'findable',
          lastVerifiedAt: null,
          lastVerifyOk: null,
        });
        expect(await statusOf(r.id)).toBe('Completion');
      }
      const after = await databaseSnapshot(t);
      expect({ ...after, outbox: before.outbox }).toEqual(before);
      await invariants();

      sim.faults.reset();
      const next = await (await launchVerifySweep(t.deps, 'fault-test')).finished;
      expect(next).toMatchObject({
        outcome: 'succeeded',
        counts: { checked: 2, ok: 2, failed: 0, newlyFailed: 0, recovered: 0, errors: 0 },
      });
      for (const r of requests)
        expect(await t.deps.uow.repos.identifiers.findByRequest(r.id)).toMatchObject({ lastVerifyOk: true });
      await invariants();
    });
  });
});
