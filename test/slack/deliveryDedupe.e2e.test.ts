import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectInvariants } from '../support/invariants.js';
import { type SlackHarness, startSlackHarness } from '../support/slackHarness.js';
import { RESEARCHER } from '../support/testCore.js';

/** An App Home opening as Slack delivers it, with a fixed event id so it can be replayed byte for byte. */
function homeOpened(eventId: string): string {
  return JSON.stringify({
    token: 'legacy',
    team_id: 'T0TEST',
    api_app_id: 'A0TEST',
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    event: { type: 'app_home_opened', user: RESEARCHER, channel: 'D0X', tab: 'home' },
  });
}

const retry = (n: number) => ({ 'x-slack-retry-num': String(n), 'x-slack-retry-reason': 'http_timeout' });

describe('Slack delivery dedupe kept in the database', () => {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await startSlackHarness();
  });
  afterEach(() => h.close());

  const published = () => h.slack.callsTo('views.publish').length;
  const deliveryRow = (key: string) =>
    h.t.database.sqlite
      .prepare('SELECT handled_by, processed_at FROM slack_deliveries WHERE delivery_key = ?')
      .get(key) as { handled_by: string; processed_at: string | null } | undefined;

  it('drops a replay and a retry of a processed delivery after the bot restarted', async () => {
    const body = homeOpened('EvREPLAY1');
    expect((await h.post(body, 'application/json')).status).toBe(200);
    await h.until(() => published() === 1, 'the first delivery handled');
    await h.until(() => deliveryRow('event_id:EvREPLAY1')?.processed_at != null, 'the delivery recorded as processed');

    await h.restart();

    expect((await h.post(body, 'application/json')).status).toBe(200);
    expect((await h.post(body, 'application/json', retry(1))).status).toBe(200);
    await h.settle();
    expect(published()).toBe(1);
    await expectInvariants(h.t);
  });

  it('handles a retry of a delivery a stopped bot saw but never finished, once', async () => {
    // What a bot killed inside the handler leaves behind: seen, not processed.
    h.t.database.sqlite
      .prepare('INSERT INTO slack_deliveries (delivery_key, seen_at, handled_by, processed_at) VALUES (?, ?, ?, NULL)')
      .run('event_id:EvUNFINISHED1', new Date().toISOString(), 'a-bot-that-was-killed');
    await h.restart();
    const body = homeOpened('EvUNFINISHED1');

    expect((await h.post(body, 'application/json', retry(1))).status).toBe(200);
    await h.until(() => published() === 1, 'the retry handled');
    await h.until(() => deliveryRow('event_id:EvUNFINISHED1')?.processed_at != null, 'the retry recorded as processed');
    expect(deliveryRow('event_id:EvUNFINISHED1')?.handled_by).not.toBe('a-bot-that-was-killed');

    expect((await h.post(body, 'application/json', retry(2))).status).toBe(200);
    await h.settle();
    expect(published()).toBe(1);
    await expectInvariants(h.t);
  });

  it('handles a retry whose first delivery never arrived', async () => {
    expect((await h.post(homeOpened('EvLOST1'), 'application/json', retry(1))).status).toBe(200);
    await h.until(() => published() === 1, 'the retry handled');
    await h.settle();
    expect(published()).toBe(1);
  });
});
