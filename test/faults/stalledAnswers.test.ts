/** Every outbound client gives up on a server that sends its headers and then stalls, within its configured time-out. */
import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProviderUnavailable } from '../../src/domain/errors.js';
import { slackClientOptions } from '../../src/slack/slackClientOptions.js';
import { dataciteClientOf, purlClientOf, type StallingServer, startStallingServer } from '../support/stallingServer.js';

const TIMEOUT_MS = 300;

/** How long `call` took to fail, and with what. */
async function timedFailure(call: () => Promise<unknown>): Promise<{ ms: number; error: unknown }> {
  const started = performance.now();
  const error = await call().then(
    () => {
      throw new Error('expected the call to fail against a stalled server');
    },
    (e: unknown) => e,
  );
  return { ms: performance.now() - started, error };
}

describe('a server that sends headers and then stalls', () => {
  let server: StallingServer;
  beforeEach(async () => {
    server = await startStallingServer();
  });
  afterEach(async () => {
    await server.close();
  });

  it('PURL: the whole request is bounded by PURL_TIMEOUT_MS', async () => {
    const client = purlClientOf(server, { timeoutMs: TIMEOUT_MS });
    try {
      const { ms, error } = await timedFailure(() => client.systemStatus('*'));
      expect(error).toBeInstanceOf(ProviderUnavailable);
      expect((error as Error).message).toContain(`within ${TIMEOUT_MS} ms`);
      expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
      expect(ms).toBeLessThan(TIMEOUT_MS + 1500);
      expect(server.requests).toBe(1);
    } finally {
      await client.close();
    }
  });

  it('DataCite: the whole request is bounded by DATACITE_TIMEOUT_MS', async () => {
    const client = dataciteClientOf(server, { timeoutMs: TIMEOUT_MS });
    try {
      const { ms, error } = await timedFailure(() => client.status());
      expect(error).toBeInstanceOf(ProviderUnavailable);
      expect((error as Error).message).toContain(`within ${TIMEOUT_MS} ms`);
      expect(ms).toBeLessThan(TIMEOUT_MS + 1500);
      expect(server.requests).toBe(1);
    } finally {
      await client.close();
    }
  });

  it('Slack: each Web API call is bounded by SLACK_TIMEOUT_MS', async () => {
    const client = new webApi.WebClient(
      'xoxb-test',
      slackClientOptions({ apiUrl: `${server.url}/api/`, timeoutMs: TIMEOUT_MS, retries: 0 }),
    );
    const { ms, error } = await timedFailure(() => client.chat.postMessage({ channel: 'C0TEST', text: 'hi' }));
    // The headers came in time, so it is the body's read that the timed signal aborts.
    expect((error as Error).name).toBe('TimeoutError');
    expect(ms).toBeLessThan(TIMEOUT_MS + 1500);
    expect(server.requests).toBe(1);
  });

  it('Slack: the retry policy gives up within minutes, not the SDK default half hour', () => {
    const { retryConfig } = slackClientOptions({ timeoutMs: 10_000 });
    const { retries = 0, factor = 2, minTimeout = 1000, maxTimeout = Number.POSITIVE_INFINITY } = retryConfig ?? {};
    // Worst case: every back-off at its longest, plus every attempt running to its time-out.
    const backoffMs = Array.from({ length: retries }, (_, i) => Math.min(minTimeout * factor ** i, maxTimeout));
    const worstMs = backoffMs.reduce((a, b) => a + b, 0) + (retries + 1) * 10_000;
    expect(worstMs).toBeLessThan(7 * 60_000);
    expect(retryConfig?.maxRetryTime).toBeLessThanOrEqual(5 * 60_000);
  });
});
