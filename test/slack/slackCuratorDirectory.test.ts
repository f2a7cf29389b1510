import type { webApi } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/logging/logger.js';
import { createPromMetrics } from '../../src/metrics/promMetrics.js';
import { slackCuratorDirectory } from '../../src/slack/slackCuratorDirectory.js';
import { sampleValue } from '../support/prometheusText.js';

describe('the Slack curator directory', () => {
  it('reads the user group from Slack, keeps the last members while Slack fails within the max age, then fails closed; counts each call', async () => {
    let answer: () => Promise<{ users: string[] }> = async () => ({ users: ['U0GROUP1'] });
    const client = { usergroups: { users: { list: () => answer() } } } as unknown as webApi.WebClient;
    const metrics = createPromMetrics();
    const logger = createMemoryLogger();
    let now = 0;
    const curators = slackCuratorDirectory(client, {
      userIds: ['U0FIXED'],
      usergroupId: 'S0CURATORS',
      lookupTimeoutMs: 100,
      maxAgeMs: 600_000,
      logger,
      metrics,
      now: () => now,
    });

    expect(await curators.isCurator('U0GROUP1')).toBe(true);
    answer = async () => {
      throw new Error('An API error occurred: ratelimited');
    };
    // Past half the max age: answered from the last members while a refresh (failing here) runs.
    now += 6 * 60_000;
    expect(await curators.isCurator('U0GROUP1')).toBe(true);
    // A configured curator needs no call to Slack.
    expect(await curators.isCurator('U0FIXED')).toBe(true);
    expect(await curators.isCurator('U0STRANGER')).toBe(false);
    // Past the max age without Slack confirming: only the configured IDs.
    now += 4 * 60_000;
    expect(await curators.isCurator('U0GROUP1')).toBe(false);
    expect(await curators.isCurator('U0FIXED')).toBe(true);

    const text = await metrics.render({ requestsByStatus: [], outboxBacklog: 0, outboxSetAside: 0, openAlerts: 0 });
    expect(sampleValue(text, 'pidbot_slack_calls_total', { method: 'usergroups.users.list', outcome: 'ok' })).toBe(1);
    // One refresh shared by the checks at six minutes, one at ten.
    expect(sampleValue(text, 'pidbot_slack_calls_total', { method: 'usergroups.users.list', outcome: 'error' })).toBe(
      2,
    );
    const warning = JSON.parse(logger.lines[0]!) as { level: string; err: { message: string; stack: string } };
    expect(warning).toMatchObject({ level: 'warn', err: { message: 'An API error occurred: ratelimited' } });
  });
});
