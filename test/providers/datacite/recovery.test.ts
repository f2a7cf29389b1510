/** Lost answers, Retry-After, an unreachable service, and the password kept out of every message and log line. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ProviderMisconfigured, ProviderRejected, ProviderUnavailable } from '../../../src/domain/errors.js';
import { createMemoryLogger } from '../../../src/logging/logger.js';
import { startDataciteSimulator } from '../../../src/sandbox/datacite/dataciteSimulator.js';
import { type Harness, makeClient, newItem, registration, startHarness, TEST_PASSWORD } from './harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ maxRetryAfterMs: 2000 });
});
afterEach(() => h.sim.faults.reset());
afterAll(async () => {
  h.assertNoSecretLeak();
  await h.close();
});

const ref = (doi: string) => ({ itemId: 'item', doi });

describe('a lost answer', () => {
  it('to reserve: the journalled DOI is found, and reserving it again adopts it — one DOI at DataCite', async () => {
    const itemId = newItem();
    const planned = h.client.planIdentifier(itemId);
    const before = h.sim.dois.size;
    h.sim.faults.failNext('create', 'loseAnswer');

    const lost = await h.failure(h.client.reserve(itemId, planned));
    expect(lost).toBeInstanceOf(ProviderUnavailable);
    expect(lost.message).toMatch(/The reserve may or may not have taken effect; check before retrying/);
    expect(h.sim.dois.get(planned)?.state).toBe('draft');

    expect(await h.client.findReserved(itemId, planned)).toEqual({ doi: planned });
    expect(await h.client.reserve(itemId, planned)).toEqual({ doi: planned });
    expect(h.sim.dois.size - before).toBe(1);
  });

  it('to publish: got sends the PUT again, which is harmless', async () => {
    const doi = await h.draft();
    const before = h.count('update');
    h.sim.faults.failNext('update', 'loseAnswer');
    await h.client.publish(ref(doi), registration(doi));
    expect(h.count('update') - before).toBe(2);
    expect(h.sim.dois.get(doi)?.state).toBe('findable');
  });

  it('to deleteDraft: reported as maybe done; reading shows it was', async () => {
    const doi = await h.draft();
    h.sim.faults.failNext('delete', 'loseAnswer');
    const lost = await h.failure(h.client.deleteDraft(ref(doi)));
    expect(lost.message).toMatch(/The deleteDraft may or may not have taken effect/);
    expect(await h.failure(h.client.read(ref(doi)))).toMatchObject({ statusCode: 404 });
  });
});

describe('429 Too Many Requests', () => {
  it('waits the Retry-After, then retries a GET and a PUT', async () => {
    const doi = await h.draft();
    h.sim.faults.retryAfterSeconds = 1;
    h.sim.faults.failNext('read', 'rateLimited').failNext('update', 'rateLimited');
    const started = Date.now();
    await h.client.read(ref(doi));
    await h.client.publish(ref(doi), registration(doi));
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    expect(h.sim.dois.get(doi)?.state).toBe('findable');
  });

  it('does not wait for a Retry-After beyond maxRetryAfterMs', async () => {
    const doi = await h.draft();
    h.sim.faults.retryAfterSeconds = 120;
    h.sim.faults.failNext('read', 'rateLimited');
    const before = h.count('read');
    const error = await h.failure(h.client.read(ref(doi)));
    expect(error.message).toMatch(/rate-limited \(HTTP 429, retry after 120 s\) on read of .* after 1 attempt/);
    expect(h.count('read') - before).toBe(1);
  });

  it('is not retried for a POST or a DELETE, and says nothing was done', async () => {
    const doi = await h.draft();
    h.sim.faults.failNext('create', 'rateLimited').failNext('delete', 'rateLimited');
    const reserve = await h.failure(h.client.reserve('x', h.client.planIdentifier('x')));
    const remove = await h.failure(h.client.deleteDraft(ref(doi)));
    for (const error of [reserve, remove]) {
      expect(error).toBeInstanceOf(ProviderUnavailable);
      expect(error.message).toMatch(
        /rate-limited \(HTTP 429, retry after 1 s\) on .*; it was not done — lower pidbot's DataCite request rate or try later/,
      );
    }
    expect(h.sim.dois.has(doi)).toBe(true);
  });
});

describe('an unreachable service', () => {
  it('reports a refused connection with what to check, and no doubt about a POST that never left', async () => {
    const gone = await startDataciteSimulator();
    await gone.close();
    const logger = createMemoryLogger();
    const client = makeClient(gone, logger, { retryLimit: 1, prefix: '10.5072' });
    const error = await h.failure(client.reserve('x', client.planIdentifier('x')));
    await client.close();
    expect(error).toBeInstanceOf(ProviderUnavailable);
    expect(error.message).toMatch(
      new RegExp(
        `service unavailable — the connection was refused for reserve of .* is the API URL ${gone.baseUrl} right\\?`,
      ),
    );
    expect(error.message).not.toMatch(/may or may not/);
    expect(logger.lines.join('\n')).toMatch(/DataCite call failed/);
  });
});

describe('the password', () => {
  it('appears in no error or log line when a refused request carried it in its data', async () => {
    const logger = createMemoryLogger();
    const client = makeClient(h.sim, logger);
    const doi = await h.draft();
    const error = await h.failure(client.publish(ref(doi), registration(doi, {}, `not a url ${TEST_PASSWORD}`)));
    await client.close();
    expect(error).toBeInstanceOf(ProviderRejected);
    expect(error.message).toContain('url: URL is not valid');
    const texts = [error.message, JSON.stringify(error), ...logger.lines].join('\n');
    expect(texts).not.toContain(TEST_PASSWORD);
    expect(texts).not.toContain(Buffer.from(`PIDBOT.TEST:${TEST_PASSWORD}`).toString('base64'));
  });

  it('is not echoed when it is the wrong one', async () => {
    const wrongPassword = 'wrong-password-that-must-stay-hidden';
    const logger = createMemoryLogger();
    const client = makeClient(h.sim, logger, { password: wrongPassword });
    const error = await h.failure(client.read(ref(await h.draft())));
    await client.close();
    expect(error).toBeInstanceOf(ProviderMisconfigured);
    expect([error.message, ...logger.lines].join('\n')).not.toContain(wrongPassword);
    expect(JSON.stringify(h.sim.requestLog)).not.toMatch(/authorization|Basic /i);
  });
});
