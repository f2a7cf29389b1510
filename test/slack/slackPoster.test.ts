import type { webApi } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { createPromMetrics } from '../../src/metrics/promMetrics.js';
import { createSlackPoster } from '../../src/slack/slackPoster.js';
import { sampleValue } from '../support/prometheusText.js';

/** A WebClient stand-in that only counts calls per method. */
function countingClient() {
  const calls: Record<string, number> = {};
  const count = (method: string) => async () => {
    calls[method] = (calls[method] ?? 0) + 1;
    return { ok: true, channel: 'C1', ts: '1.1' };
  };
  const client = {
    chat: {
      postMessage: count('chat.postMessage'),
      update: count('chat.update'),
      postEphemeral: count('chat.postEphemeral'),
    },
    views: { open: count('views.open'), publish: count('views.publish') },
  } as unknown as webApi.WebClient;
  return { client, calls };
}

// Bottleneck dispatches a job every ~2 ms here, so 100 jobs need a few hundred ms to go through.
const settle = () => new Promise((resolve) => setTimeout(resolve, 700));

describe('the Slack poster', () => {
  it('keeps a method to its rate-limit tier: a burst up to the tier, then waiting instead of 429s', async () => {
    const { client, calls } = countingClient();
    const poster = createSlackPoster(client, createPromMetrics());
    for (let i = 0; i < 105; i++) void poster.openView(`trigger-${i}`, { type: 'modal' });
    await settle();
    expect(calls['views.open']).toBe(100);
  });

  it('spaces posts to one channel but not across channels', async () => {
    const { client, calls } = countingClient();
    const poster = createSlackPoster(client, createPromMetrics(), { perChannelIntervalMs: 10_000 });
    const message = { text: 'x', blocks: [] };
    void poster.post('C1', message);
    void poster.post('C1', message);
    void poster.post('C2', message);
    await settle();
    expect(calls['chat.postMessage']).toBe(2);
  });

  it('lets load tests turn the tiers off', async () => {
    const { client, calls } = countingClient();
    const poster = createSlackPoster(client, createPromMetrics(), { tierLimits: false });
    await Promise.all(Array.from({ length: 150 }, (_, i) => poster.openView(`trigger-${i}`, { type: 'modal' })));
    expect(calls['views.open']).toBe(150);
    await poster.stop();
  });

  it('counts every call by method and outcome, failures included', async () => {
    const { client } = countingClient();
    client.chat.update = (async () => {
      throw new Error('An API error occurred: message_not_found');
    }) as never;
    const metrics = createPromMetrics();
    const poster = createSlackPoster(client, metrics, { perChannelIntervalMs: 1 });
    const message = { text: 'x', blocks: [] };
    await poster.post('C1', message, '1.1');
    await poster.direct('U1', message);
    await poster.ephemeral('C1', 'U1', message);
    await poster.openView('trigger-1', { type: 'modal' });
    await poster.publishHome('U1', { type: 'home' });
    await expect(poster.update({ channelId: 'C1', ts: '1.1' }, message)).rejects.toThrow(/message_not_found/);
    await poster.stop();

    const text = await metrics.render({ requestsByStatus: [], outboxBacklog: 0, outboxSetAside: 0, openAlerts: 0 });
    const calls = (method: string, outcome: string) =>
      sampleValue(text, 'pidbot_slack_calls_total', { method, outcome });
    expect(calls('chat.postMessage', 'ok')).toBe(2);
    expect(calls('chat.postEphemeral', 'ok')).toBe(1);
    expect(calls('views.open', 'ok')).toBe(1);
    expect(calls('views.publish', 'ok')).toBe(1);
    expect(calls('chat.update', 'error')).toBe(1);
    expect(calls('chat.update', 'ok')).toBeUndefined();
  });
});
