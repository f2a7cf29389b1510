/** 10,000 calls against a PID service or Slack that does not answer: at most the high-water mark waits, the rest are refused at once. */
import type { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Busy, ProviderBusy } from '../../src/domain/errors.js';
import { createPromMetrics } from '../../src/metrics/promMetrics.js';
import { createSlackPoster } from '../../src/slack/slackPoster.js';
import { dataciteClientOf, purlClientOf, type StallingServer, startStallingServer } from '../support/stallingServer.js';

const CALLS = 10_000;
const MAX_QUEUED = 100;
/** What 10,000 waiting calls may add to the process at most; each refused call is gone at once. */
const RSS_BUDGET_BYTES = 96 * 1024 * 1024;

/** Fires `CALLS` calls, lets the refusals arrive, and reports them with the memory the waiting ones hold. */
async function flood(call: () => Promise<unknown>): Promise<{ refused: unknown[]; rssGrowth: number }> {
  const rssBefore = process.memoryUsage().rss;
  const refused: unknown[] = [];
  for (let i = 0; i < CALLS; i++) call().catch((error: unknown) => refused.push(error));
  await new Promise((resolve) => setTimeout(resolve, 300));
  return { refused, rssGrowth: process.memoryUsage().rss - rssBefore };
}

describe('bounded queues', () => {
  let server: StallingServer;
  beforeEach(async () => {
    server = await startStallingServer();
  });
  afterEach(async () => {
    await server.close();
  });

  it('PURL: past PURL_MAX_QUEUED waiting calls, each new one is refused with ProviderBusy before it is sent', async () => {
    const client = purlClientOf(server, { maxRps: 1000, maxQueued: MAX_QUEUED });
    try {
      const { refused, rssGrowth } = await flood(() => client.systemStatus('*'));
      // The two that get a slot are running, not waiting: MAX_QUEUED more wait behind them.
      expect(refused).toHaveLength(CALLS - MAX_QUEUED - 2);
      expect(refused.every((e) => e instanceof ProviderBusy)).toBe(true);
      expect((refused[0] as Error).message).toMatch(
        /busy: 100 calls to the PURL service are already waiting.*Try again/,
      );
      expect(server.requests).toBe(2);
      expect(rssGrowth).toBeLessThan(RSS_BUDGET_BYTES);
    } finally {
      // The two sent calls end when their connections do; closing waits for running calls.
      await server.close();
      await client.close();
    }
  });

  it('DataCite: past DATACITE_MAX_QUEUED attempts waiting for their turn, each new one is refused with ProviderBusy', async () => {
    const client = dataciteClientOf(server, { maxRps: 1, maxQueued: MAX_QUEUED });
    try {
      const { refused, rssGrowth } = await flood(() => client.status());
      // MAX_QUEUED calls are in progress (one sent, the rest waiting their turn at one a second).
      expect(refused).toHaveLength(CALLS - MAX_QUEUED);
      expect(refused.every((e) => e instanceof ProviderBusy)).toBe(true);
      expect((refused[0] as Error).message).toMatch(/busy: 100 calls to the DataCite REST API.*Try again/);
      expect(server.requests).toBe(1);
      expect(rssGrowth).toBeLessThan(RSS_BUDGET_BYTES);
    } finally {
      await client.close();
    }
  });

  it('Slack: past SLACK_MAX_QUEUED outstanding calls, the poster refuses new ones with Busy', async () => {
    const never = async () => new Promise<{ ok: true; channel: string; ts: string }>(() => undefined);
    const client = {
      chat: { postMessage: never, update: never, postEphemeral: never },
      views: { open: never, publish: never },
    } as unknown as webApi.WebClient;
    const poster = createSlackPoster(client, createPromMetrics(), { perChannelIntervalMs: 1, maxQueued: MAX_QUEUED });
    const message = { text: 'x', blocks: [] };
    let n = 0;
    // Spread over many channels and users too: the bound is one count for the whole poster.
    const { refused, rssGrowth } = await flood(() =>
      ++n % 2 === 0 ? poster.post(`C${n % 50}`, message) : poster.direct(`U${n}`, message),
    );
    expect(refused).toHaveLength(CALLS - MAX_QUEUED);
    expect(refused.every((e) => e instanceof Busy)).toBe(true);
    expect((refused[0] as Error).message).toMatch(/busy: 100 Slack calls are already waiting.*Try again/);
    expect(rssGrowth).toBeLessThan(RSS_BUDGET_BYTES);
  });
});
