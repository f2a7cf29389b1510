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

  it('drops a retry of a delivery another live replica is handling, and takes it over once that replica fell silent', async () => {
    const { host } = h.t.deps.lease.owner;
    const handledByReplica = (key: string, replicaId: string, replicaHost: string, heartbeatAt: string) => {
      h.t.database.sqlite
        .prepare('INSERT INTO replicas (id, host, pid, started_at, heartbeat_at) VALUES (?, ?, ?, ?, ?)')
        .run(replicaId, replicaHost, process.ppid, heartbeatAt, heartbeatAt);
      h.t.database.sqlite
        .prepare(
          'INSERT INTO slack_deliveries (delivery_key, seen_at, handled_by, processed_at) VALUES (?, ?, ?, NULL)',
        )
        .run(key, heartbeatAt, replicaId);
    };
    // A replica on this host whose process runs (our parent), beating now: still handling it.
    handledByReplica('event_id:EvBUSY1', 'live-replica', host, h.t.deps.clock.now().toISOString());
    expect((await h.post(homeOpened('EvBUSY1'), 'application/json', retry(1))).status).toBe(200);
    await h.settle();
    expect(published()).toBe(0);
    expect(deliveryRow('event_id:EvBUSY1')?.handled_by).toBe('live-replica');

    // A replica on another host, silent for twice the lease: gone.
    const silentSince = new Date(h.t.deps.clock.now().getTime() - 2 * h.t.deps.lease.leaseMs).toISOString();
    handledByReplica('event_id:EvSILENT1', 'silent-replica', 'another-host', silentSince);
    expect((await h.post(homeOpened('EvSILENT1'), 'application/json', retry(1))).status).toBe(200);
    await h.until(() => published() === 1, 'the retry handled');
    expect(deliveryRow('event_id:EvSILENT1')?.handled_by).toBe(h.t.deps.lease.owner.id);
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
