/**
 * The PURL service misbehaving — down, slow, HTML instead of XML, 200 with an
 * error code in the body, the connection dropped mid-response, nothing
 * listening — while requests are submitted, minted, withdrawn and swept. Each
 * time: the right status, a typed error that names the problem (no stack, no
 * key), and a consistent database; and once the service is back, the work
 * goes through without a second identifier.
 */
import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type PidbotError, ProviderRejected, ProviderUnavailable } from '../../src/domain/errors.js';
import { MintFailedError, type MintStep } from '../../src/domain/identifierMint.js';
import type { PidRequest } from '../../src/domain/request.js';
import { PurlPidProvider } from '../../src/providers/purl/purlPidProvider.js';
import { RucorePurlClient } from '../../src/providers/purl/rucorePurlClient.js';
import type { PurlMethodName } from '../../src/sandbox/purl/faults.js';
import { launchVerifySweep } from '../../src/services/identifiers/runVerifySweep.js';
import { withdrawIdentifier } from '../../src/services/identifiers/withdrawIdentifier.js';
import { mintIdentifier } from '../../src/services/minting/mintIdentifier.js';
import { submitRequest } from '../../src/services/requests/submitRequest.js';
import type { ServiceDeps } from '../../src/services/runtime/serviceDeps.js';
import { databaseSnapshot, expectInvariants } from '../support/invariants.js';
import { CURATOR, createTestCore, RESEARCHER, type TestCore } from '../support/testCore.js';

const TIMEOUT_MS = 300;

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Breakage {
  name: string;
  error: new (...args: never[]) => PidbotError;
  message: RegExp;
  /** Breaks `method` (or the service as a whole); returns replacement deps when the break is not in the simulator. */
  apply(t: TestCore, method: PurlMethodName): Promise<ServiceDeps | undefined> | ServiceDeps | undefined;
}

const closers: (() => Promise<void>)[] = [];

const BREAKAGES: Breakage[] = [
  {
    name: 'down (a subsystem the call needs)',
    error: ProviderUnavailable,
    message: /could not serve \w+ \(status 503\): The (registrar|resolver) subsystem is down/,
    apply: (t, method) => void t.purl.faults.down(method === 'verify' ? 'resolver' : 'registrar'),
  },
  {
    name: 'slow (past the client time-out)',
    error: ProviderUnavailable,
    message: new RegExp(`did not answer \\w+ within ${TIMEOUT_MS} ms`),
    apply: (t, method) => void t.purl.faults.slow(TIMEOUT_MS * 2 + 100, method),
  },
  {
    name: 'an HTML error page (HTTP 500)',
    error: ProviderUnavailable,
    message: /answered \w+ with HTTP 500 and an HTML page \("500 Internal Server Error"\)/,
    apply: (t, method) => void t.purl.faults.inject('http500Html', method),
  },
  {
    name: 'an HTML maintenance page (HTTP 200)',
    error: ProviderUnavailable,
    message: /HTML page \("Scheduled maintenance"\) instead of the API's XML/,
    apply: (t, method) => void t.purl.faults.inject('htmlInsteadOfXml', method),
  },
  {
    name: 'HTTP 200 with an error status code in the body',
    error: ProviderRejected,
    message: /refused \w+ \(status 404\): Simulated fault: the identifier was not found/,
    apply: (t, method) => void t.purl.faults.inject('statusCodeInBody', method),
  },
  {
    name: 'the connection dropped mid-response',
    error: ProviderUnavailable,
    message: /dropped the connection during \w+|could not be reached for \w+/,
    apply: (t, method) => void t.purl.faults.inject('dropConnection', method),
  },
  {
    name: 'nothing listening (connection refused)',
    error: ProviderUnavailable,
    message: /refused the connection — is it running, and is PURL_BASE_URL right\?/,
    async apply(t) {
      const client = new RucorePurlClient({
        baseUrl: `http://127.0.0.1:${await deadPort()}/api/purl`,
        apiKey: t.purl.apiKey,
        shoulder: `doi:${t.purl.shoulder}`,
        maxRps: 1000,
        maxConcurrent: 4,
        timeoutMs: TIMEOUT_MS,
        retryBackoffMs: 10,
      });
      closers.push(() => client.close());
      return { ...t.deps, pids: new PurlPidProvider(client, 'http://127.0.0.1/api/purl') };
    },
  },
];

/** The error a curator or the log sees: typed, says what happened, carries neither a stack trace nor the key. */
function expectClearMessage(t: TestCore, message: string, pattern: RegExp): void {
  expect(message).toMatch(pattern);
  expect(message).not.toContain(t.purl.apiKey);
  expect(message).not.toMatch(/\n\s+at /);
  expect(message).not.toMatch(/\[object Object\]|undefined/);
}

function expectKeyNeverLogged(t: TestCore): void {
  expect(t.logLines.filter((line) => line.includes(t.purl.apiKey))).toEqual([]);
}

describe('the PURL service misbehaving', () => {
  let t: TestCore;

  beforeEach(async () => {
    t = await createTestCore({ PURL_TIMEOUT_MS: String(TIMEOUT_MS) });
  });
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
    await t.dispose();
  });

  const submit = (folder: string): Promise<PidRequest> => {
    t.makeFolder(RESEARCHER, folder);
    return submitRequest(t.deps, { requesterId: RESEARCHER, folderPath: folder, type: 'DOI' });
  };
  const statusOf = async (requestId: number) => (await t.deps.uow.repos.requests.findById(requestId))?.status;
  const invariants = () => expectInvariants({ database: t.database, storeRoot: t.storeRoot, purl: t.purl });

  describe.each(BREAKAGES)('$name', (breakage) => {
    it('does not touch submission: the request is stored and staged without a call to the service', async () => {
      await breakage.apply(t, 'create');
      const request = await submit('kelp');
      expect(request.status).toBe('Submitted');
      expect(t.purl.requestLog).toEqual([]);
      await invariants();
    });

    const steps: [PurlMethodName, MintStep][] =
      breakage.name.startsWith('down') || breakage.name.startsWith('nothing')
        ? [['create', 'reserve']]
        : [
            ['create', 'reserve'],
            ['update', 'publish'],
            ['state', 'publish'],
          ];

    it.each(steps)(
      'a mint whose %s call fails is Failed at "%s" with the reason, and minting again completes it with one identifier',
      async (method, step) => {
        const request = await submit('kelp');
        const broken = (await breakage.apply(t, method)) ?? t.deps;

        const error = await mintIdentifier(broken, { actorId: CURATOR, requestId: request.id }).catch(
          (e: unknown) => e,
        );

        expect(error).toBeInstanceOf(MintFailedError);
        const failure = error as MintFailedError;
        expect(failure.step).toBe(step);
        expect(failure.cause).toBeInstanceOf(breakage.error);
        expectClearMessage(t, failure.message, breakage.message);
        expect(await statusOf(request.id)).toBe('Failed');
        const history = await t.deps.uow.repos.history.forRequest(request.id);
        expect(history.at(-1)).toMatchObject({ fromStatus: 'Submitted', toStatus: 'Failed', actorId: CURATOR });
        expect(history.at(-1)?.comment).toContain(failure.providerMessage);
        expect(await t.deps.uow.repos.mintJournal.latest(request.id)).toMatchObject({ status: 'failed', step });
        if (step === 'reserve') expect(await t.deps.uow.repos.identifiers.findByRequest(request.id)).toBeUndefined();
        await invariants();

        t.purl.faults.reset();
        const result = await mintIdentifier(t.deps, { actorId: CURATOR, requestId: request.id });
        expect(result).toMatchObject({
          resumedFrom: step,
          request: { status: 'Completion', area: 'curated' },
          identifier: { state: 'findable' },
        });
        expect([...t.purl.identifiers.keys()]).toEqual([result.identifier.doi]);
        await invariants();
        expectKeyNeverLogged(t);
      },
    );

    it('a withdraw whose state call fails changes nothing: the identifier stays public, here and at the service', async () => {
      const request = await submit('kelp');
      const { identifier } = await mintIdentifier(t.deps, { actorId: CURATOR, requestId: request.id });
      await t.deps.events.idle();
      const before = await databaseSnapshot(t);
      const broken = (await breakage.apply(t, 'state')) ?? t.deps;

      const error = await withdrawIdentifier(broken, {
        actorId: CURATOR,
        requestId: request.id,
        reason: 'Retracted by the authors',
      }).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(breakage.error);
      expectClearMessage(t, (error as Error).message, breakage.message);
      expect(await t.deps.uow.repos.identifiers.findByRequest(request.id)).toMatchObject({
        state: 'findable',
        stateReason: null,
      });
      expect(await statusOf(request.id)).toBe('Completion');
      expect(await databaseSnapshot(t)).toEqual(before);
      // A slow answer may still be applied by the service after the client gave up; wait it out before comparing.
      if (breakage.name.startsWith('slow')) await new Promise((resolve) => setTimeout(resolve, TIMEOUT_MS * 2 + 200));
      expect(t.purl.identifiers.get(identifier.doi)?.state).toBe('public');
      await invariants();

      t.purl.faults.reset();
      await withdrawIdentifier(t.deps, { actorId: CURATOR, requestId: request.id, reason: 'Retracted by the authors' });
      expect(t.purl.identifiers.get(identifier.doi)).toMatchObject({
        state: 'unavailable',
        reason: 'Retracted by the authors',
      });
      await invariants();
      expectKeyNeverLogged(t);
    });

    it('a verify sweep that cannot verify records no verdict, leaves every request as it was, and the next sweep finishes', async () => {
      const requests = [await submit('kelp'), await submit('tides')];
      for (const r of requests) await mintIdentifier(t.deps, { actorId: CURATOR, requestId: r.id });
      await t.deps.events.idle();
      const before = await databaseSnapshot(t);
      const broken = (await breakage.apply(t, 'verify')) ?? t.deps;

      const run = await (await launchVerifySweep(broken, 'fault-test')).finished;

      if (breakage.error === ProviderUnavailable) {
        // The whole page unreachable is an outage: the run fails with the reason and the next one starts over from there.
        expect(run.outcome).toBe('failed');
        expectClearMessage(t, run.error ?? '', breakage.message);
      } else {
        // The service answered, but not with a verdict: counted as errors, not as broken identifiers.
        expect(run).toMatchObject({ outcome: 'succeeded', counts: { checked: 2, ok: 0, failed: 0, errors: 2 } });
      }
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

      t.purl.faults.reset();
      const next = await (await launchVerifySweep(t.deps, 'fault-test')).finished;
      expect(next.outcome).toBe('succeeded');
      for (const r of requests)
        expect(await t.deps.uow.repos.identifiers.findByRequest(r.id)).toMatchObject({ lastVerifyOk: true });
      await invariants();
      expectKeyNeverLogged(t);
    });
  });
});
