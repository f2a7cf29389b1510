/** Every fault switch yields the right typed error; safe calls are retried, create never is. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ProviderProtocolError, ProviderRejected, ProviderUnavailable } from '../../../src/domain/errors.js';
import { createMemoryLogger } from '../../../src/logging/logger.js';
import type { FaultKind } from '../../../src/sandbox/purl/faults.js';
import { startPurlSimulator } from '../../../src/sandbox/purl/purlSimulator.js';
import { type Harness, makeClient, startHarness } from '../../providers/purl/harness.js';

let h: Harness;
let nextItem = 0;
const newItem = (): string => `fault-${++nextItem}`;

beforeAll(async () => {
  h = await startHarness({ timeoutMs: 150 });
});
afterEach(() => h.sim.faults.reset());
afterAll(async () => {
  h.assertNoKeyLeak();
  await h.close();
});

const FAULTS: Array<{ kind: FaultKind; error: new (...args: never[]) => Error; message: RegExp }> = [
  {
    kind: 'http500Html',
    error: ProviderUnavailable,
    message: /HTTP 500 and an HTML page \("500 Internal Server Error"\)/,
  },
  {
    kind: 'htmlInsteadOfXml',
    error: ProviderUnavailable,
    message: /HTML page \("Scheduled maintenance"\) instead of the API's XML/,
  },
  {
    kind: 'statusCodeInBody',
    error: ProviderRejected,
    message: /status 404\): Simulated fault: the identifier was not found/,
  },
  { kind: 'dropConnection', error: ProviderUnavailable, message: /dropped the connection|could not be reached/ },
  { kind: 'rateLimit429', error: ProviderUnavailable, message: /rate-limiting pidbot \(HTTP 429/ },
  { kind: 'truncatedBody', error: ProviderProtocolError, message: /XML is broken or cut off/ },
  { kind: 'emptyBody', error: ProviderUnavailable, message: /empty body/ },
];

describe.each(FAULTS)('fault $kind', ({ kind, error, message }) => {
  it('fails create with the typed error after exactly one request', async () => {
    h.sim.faults.inject(kind, 'create');
    const before = h.count('create');
    const failure = await h.failure(h.client.create(newItem()));
    expect(failure).toBeInstanceOf(error);
    expect(failure.message).toMatch(message);
    expect(h.count('create') - before).toBe(1);
  });

  it('fails a safe call with the same typed error after the retries are spent', async () => {
    h.sim.faults.inject(kind, 'status');
    const before = h.count('status');
    const failure = await h.failure(h.client.systemStatus());
    expect(failure).toBeInstanceOf(error);
    expect(failure.message).toMatch(message);
    // Retried only where retrying can help: transport errors, 5xx and 429.
    const retried = ['http500Html', 'dropConnection', 'rateLimit429'].includes(kind);
    expect(h.count('status') - before).toBe(retried ? 3 : 1);
  });
});

describe('safe calls recover from a transient fault', () => {
  it.each(['http500Html', 'dropConnection', 'rateLimit429'] as const)('%s once, then success', async (kind) => {
    const itemId = newItem();
    await h.client.create(itemId);
    h.sim.faults.failNext('state', kind).failNext('verify', kind).failNext('metadata', kind);
    expect(await h.client.currentState(itemId)).toBe('reserved');
    expect((await h.client.verify(itemId)).ok).toBe(true);
    expect((await h.client.metadata(itemId, 'repository')).elements.length).toBeGreaterThan(0);
  });
});

describe('calls that change state are never retried', () => {
  it.each(['http500Html', 'dropConnection', 'rateLimit429'] as const)(
    '%s on create, delete, update, state update',
    async (kind) => {
      const itemId = newItem();
      const { doi } = await h.client.create(itemId);
      const before = {
        create: h.count('create'),
        delete: h.count('delete'),
        update: h.count('update'),
        state: h.count('state'),
      };
      h.sim.faults.inject(kind, 'create').inject(kind, 'delete').inject(kind, 'update').inject(kind, 'state');
      await h.failure(h.client.create(newItem()));
      await h.failure(h.client.delete(doi));
      await h.failure(h.client.update(itemId));
      await h.failure(h.client.setState(doi, 'public'));
      expect(h.count('create') - before.create).toBe(1);
      expect(h.count('delete') - before.delete).toBe(1);
      expect(h.count('update') - before.update).toBe(1);
      expect(h.count('state') - before.state).toBe(1);
    },
  );

  it('says a dropped create may have happened, so nobody retries it blindly', async () => {
    h.sim.faults.failNext('create', 'dropConnection');
    const failure = await h.failure(h.client.create(newItem()));
    expect(failure.message).toMatch(/may or may not have taken effect; check the identifier's state/);
  });
});

describe('time-outs, refused connections, Retry-After, subsystems', () => {
  it('times out a slow service with the configured limit in the message', async () => {
    h.sim.faults.slow(400, 'create');
    const before = h.count('create');
    const failure = await h.failure(h.client.create(newItem()));
    expect(failure).toBeInstanceOf(ProviderUnavailable);
    expect(failure.message).toMatch(/did not answer create within 150 ms/);
    expect(h.count('create') - before).toBe(1);
  });

  it('retries a slow safe call, then reports the time-out', async () => {
    h.sim.faults.slow(400, 'status');
    const failure = await h.failure(h.client.systemStatus());
    expect(failure.message).toMatch(/did not answer status within 150 ms/);
  });

  it('reports a refused connection with what to check', async () => {
    const gone = await startPurlSimulator();
    await gone.close();
    const logger = createMemoryLogger();
    const client = makeClient(gone, logger, { retryLimit: 1 });
    const failure = await h.failure(client.systemStatus());
    await client.close();
    expect(failure).toBeInstanceOf(ProviderUnavailable);
    expect(failure.message).toMatch(/refused the connection — is it running/);
    expect(logger.lines.join('\n')).toMatch(/PURL call failed/);
  });

  it('does not wait for a Retry-After beyond the configured maximum', async () => {
    h.sim.faults.retryAfterSeconds = 120;
    h.sim.faults.inject('rateLimit429', 'status');
    const before = h.count('status');
    const failure = await h.failure(h.client.systemStatus());
    expect(failure.message).toMatch(/retry after 120 s/);
    expect(h.count('status') - before).toBe(1);
  });

  it('turns a down subsystem into ProviderUnavailable naming it', async () => {
    h.sim.faults.down('registrar');
    const failure = await h.failure(h.client.create(newItem()));
    expect(failure).toBeInstanceOf(ProviderUnavailable);
    expect(failure.message).toMatch(/status 503\): The registrar subsystem is down/);
  });

  it('breaks verify for a chosen item', async () => {
    const itemId = newItem();
    const { doi } = await h.client.create(itemId);
    h.sim.faults.breakVerify(itemId);
    expect(await h.client.verify(itemId)).toMatchObject({
      ok: false,
      doi,
      message: expect.stringMatching(/holds no DOI/),
    });
  });
});
