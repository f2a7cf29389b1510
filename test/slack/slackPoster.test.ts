import type { webApi } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { Busy } from '../../src/domain/errors.js';
import { createPromMetrics } from '../../src/metrics/promMetrics.js';
import { createSlackPoster, modalTrigger, OPEN_VIEW_WITHIN_MS } from '../../src/slack/slackPoster.js';
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
    for (let i = 0; i < 55; i++) void poster.update({ channelId: `C${i}`, ts: '1.1' }, { text: 'x', blocks: [] });
    await settle();
    expect(calls['chat.update']).toBe(50);
  });

  it('opens a modal now or refuses it: past the views.open tier, at once rather than after its trigger expired', async () => {
    const { client, calls } = countingClient();
    const poster = createSlackPoster(client, createPromMetrics());
    // A hundred different users spend the app's budget for the minute.
    await Promise.all(
      Array.from({ length: 100 }, (_, i) => poster.openView(modalTrigger(`t-${i}`, `U${i}`), { type: 'modal' })),
    );
    const started = performance.now();
    await expect(poster.openView(modalTrigger('t-late', 'U0LATE'), { type: 'modal' })).rejects.toThrow(Busy);
    expect(performance.now() - started).toBeLessThan(500);
    expect(calls['views.open']).toBe(100);
  });

  it('sends no views.open whose trigger is older than Slack allows', async () => {
    const { client, calls } = countingClient();
    const poster = createSlackPoster(client, createPromMetrics());
    const stale = { id: 't-stale', userId: 'U1', receivedAt: performance.now() - OPEN_VIEW_WITHIN_MS - 1 };
    await expect(poster.openView(stale, { type: 'modal' })).rejects.toThrow(/within the 3 seconds Slack allows/);
    expect(calls['views.open']).toBeUndefined();
  });

  it('gives each user VIEWS_OPEN_PER_USER_PER_MINUTE modals a minute, refused at once past it, others unaffected', async () => {
    const { client, calls } = countingClient();
    const poster = createSlackPoster(client, createPromMetrics(), { viewsOpenPerUserPerMinute: 3 });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => poster.openView(modalTrigger(`t-${i}`, 'U0FLOOD'), { type: 'modal' })),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(3);
    const refusals = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as Error] : []));
    expect(refusals).toHaveLength(7);
    expect(refusals.every((e) => e instanceof Busy && /opened 3 forms in the last minute/.test(e.message))).toBe(true);
    await poster.openView(modalTrigger('t-curator', 'U0CURATOR'), { type: 'modal' });
    expect(calls['views.open']).toBe(4);
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
    await Promise.all(
      Array.from({ length: 150 }, (_, i) => poster.openView(modalTrigger(`trigger-${i}`, `U${i}`), { type: 'modal' })),
    );
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
    await poster.openView(modalTrigger('trigger-1', 'U1'), { type: 'modal' });
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
