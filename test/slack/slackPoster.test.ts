import type { webApi } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { createSlackPoster } from '../../src/slack/slackPoster.js';

/** A WebClient stand-in that only counts calls per method. */
function countingClient() {
  const calls: Record<string, number> = {};
  const count = (method: string) => async () => {
    calls[method] = (calls[method] ?? 0) + 1;
    return { ok: true, channel: 'C1', ts: '1.1' };
  };
  const client = {
    chat: { postMessage: count('chat.postMessage'), update: count('chat.update'), postEphemeral: count('chat.postEphemeral') },
    views: { open: count('views.open'), publish: count('views.publish') },
  } as unknown as webApi.WebClient;
  return { client, calls };
}

// Bottleneck dispatches a job every ~2 ms here, so 100 jobs need a few hundred ms to go through.
const settle = () => new Promise((resolve) => setTimeout(resolve, 700));

describe('the Slack poster', () => {
  it('keeps a method to its rate-limit tier: a burst up to the tier, then waiting instead of 429s', async () => {
    const { client, calls } = countingClient();
    const poster = createSlackPoster(client);
    for (let i = 0; i < 105; i++) void poster.openView(`trigger-${i}`, { type: 'modal' });
    await settle();
    expect(calls['views.open']).toBe(100);
  });

  it('spaces posts to one channel but not across channels', async () => {
    const { client, calls } = countingClient();
    const poster = createSlackPoster(client, { perChannelIntervalMs: 10_000 });
    const message = { text: 'x', blocks: [] };
    void poster.post('C1', message);
    void poster.post('C1', message);
    void poster.post('C2', message);
    await settle();
    expect(calls['chat.postMessage']).toBe(2);
  });

  it('lets load tests turn the tiers off', async () => {
    const { client, calls } = countingClient();
    const poster = createSlackPoster(client, { tierLimits: false });
    await Promise.all(Array.from({ length: 150 }, (_, i) => poster.openView(`trigger-${i}`, { type: 'modal' })));
    expect(calls['views.open']).toBe(150);
    await poster.stop();
  });
});
