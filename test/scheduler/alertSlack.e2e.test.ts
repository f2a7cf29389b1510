import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkSystemStatus } from '../../src/services/monitoring/checkSystemStatus.js';
import { CHANNEL, type SlackHarness, startSlackHarness } from '../support/slackHarness.js';

describe('scheduler alerts in the curation channel, through the local Slack API', () => {
  let h: SlackHarness;

  beforeEach(async () => {
    h = await startSlackHarness();
  });
  afterEach(() => h.close());

  const check = () => checkSystemStatus(h.t.deps, { remindAfterMs: 24 * 3_600_000 });
  const channelPosts = () => h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === CHANNEL);

  it('posts one alert, nothing while it stays down, then one recovery notice with the downtime in its thread and marks the alert resolved', async () => {
    h.t.purl.faults.down('resolver');
    await check();
    await h.until(() => channelPosts().length === 1, 'the alert');
    await check();
    await check();
    await h.settle();
    expect(channelPosts()).toHaveLength(1);
    const alert = channelPosts()[0]!;
    expect(String(alert.args.text)).toContain('PID service subsystem resolver is down');
    expect(alert.args.thread_ts).toBeUndefined();
    const [open] = await h.t.deps.uow.repos.alerts.open();
    expect(open?.message?.channelId).toBe(CHANNEL);

    h.t.purl.faults.up('resolver');
    await check();
    await h.until(
      () => channelPosts().length === 2 && h.slack.callsTo('chat.update').length > 0,
      'the recovery notice',
    );
    await check();
    await h.settle();
    const notices = channelPosts().slice(1);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.args.thread_ts).toBe(open?.message?.ts);
    expect(String(notices[0]?.args.text)).toMatch(
      /Recovered: PID service subsystem resolver is working again after \d+ s of downtime/,
    );
    const update = h.slack.callsTo('chat.update').at(-1);
    expect(update?.args).toMatchObject({ channel: CHANNEL, ts: open?.message?.ts });
    expect(String(update?.args.text)).toContain('Resolved');
  });
});
