/**
 * The curator user group as the bot reads it, through the Bolt app over HTTP: one look-up at a time, a short
 * time-out so a modal submission is acknowledged inside Slack's 3 s, and rights that lapse after the max age.
 */
import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PidRequest } from '../../src/domain/request.js';
import { submitRequest } from '../../src/services/requests/submitRequest.js';
import { slackClientOptions } from '../../src/slack/slackClientOptions.js';
import { slackCuratorDirectory } from '../../src/slack/slackCuratorDirectory.js';
import { FIELD, VIEW } from '../../src/slack/views/actionIds.js';
import { expectInvariants } from '../support/invariants.js';
import { type SlackHarness, selectValue, startSlackHarness } from '../support/slackHarness.js';
import { RESEARCHER } from '../support/testCore.js';

const GROUP_CURATOR = 'U0GROUPCUR';
const LOOKUP_TIMEOUT_MS = 300;
const MAX_AGE_MS = 10_000;
/** Slack's limit for acknowledging an interaction. */
const SLACK_ACK_MS = 3000;

describe('curator user-group look-up', () => {
  let h: SlackHarness;
  let request: PidRequest;
  let now = 0;

  beforeEach(async () => {
    h = await startSlackHarness();
    now = 0;
    // The bot's directory (as main.ts builds it) against the local Slack API, in place of the configured list alone.
    const client = new webApi.WebClient(
      'xoxb-test-token',
      slackClientOptions({ apiUrl: h.slack.apiUrl, timeoutMs: LOOKUP_TIMEOUT_MS, retries: 0 }),
    );
    h.t.deps.curators = slackCuratorDirectory(client, {
      userIds: [],
      usergroupId: 'S0CURATORS',
      lookupTimeoutMs: LOOKUP_TIMEOUT_MS,
      maxAgeMs: MAX_AGE_MS,
      logger: h.t.deps.logger,
      metrics: h.t.deps.metrics,
      now: () => now,
    });
    h.slack.setUsergroupMembers([GROUP_CURATOR]);
    h.t.makeFolder(RESEARCHER, 'kelp');
    request = await submitRequest(h.t.deps, { requesterId: RESEARCHER, folderPath: 'kelp', type: 'DOI' });
  });
  afterEach(async () => {
    await h.close();
  });

  /** Submits the Status… modal as `userId`; the acknowledgement's time and body. */
  async function setStatus(userId: string, status: string) {
    const started = performance.now();
    const response = await h.submitView(
      userId,
      VIEW.setStatus,
      selectValue(FIELD.status, status),
      JSON.stringify({ requestId: request.id }),
    );
    const text = await response.text();
    return {
      status: response.status,
      ms: performance.now() - started,
      body: (text === '' ? {} : JSON.parse(text)) as { response_action?: string; errors?: Record<string, string> },
    };
  }
  const lookups = () => h.slack.callsTo('usergroups.users.list').length;
  const currentStatus = async () => (await h.t.deps.uow.repos.requests.findById(request.id))?.status;

  it('a slow look-up is given up after CURATOR_LOOKUP_TIMEOUT_MS: the modal is answered inside 3 s', async () => {
    h.slack.failNext('usergroups.users.list', { delayMs: 5000 });
    const answer = await setStatus(GROUP_CURATOR, 'Approved');
    expect(answer.status).toBe(200);
    expect(answer.ms).toBeLessThan(SLACK_ACK_MS);
    // Never confirmed, so not trusted: refused in the modal, nothing changed.
    expect(answer.body.response_action).toBe('errors');
    expect(Object.values(answer.body.errors ?? {}).join(' ')).toMatch(/Only curators can/);
    expect(await currentStatus()).toBe('Submitted');

    // Slack answers the next look-up in time: the member is a curator.
    expect((await setStatus(GROUP_CURATOR, 'Approved')).body).toEqual({});
    expect(await currentStatus()).toBe('Approved');
    await expectInvariants({ database: h.t.database, storeRoot: h.t.storeRoot, purl: h.t.purl });
  });

  it('checks share one look-up, and a member Slack cannot confirm loses rights at CURATOR_CACHE_MAX_AGE_S', async () => {
    expect((await setStatus(GROUP_CURATOR, 'Approved')).body).toEqual({});
    expect(lookups()).toBe(1);

    // Removed from the group, and Slack now fails every look-up: the last confirmed members stand until the max age.
    h.slack.setUsergroupMembers([]);
    h.slack.failNext('usergroups.users.list', { error: 'fatal_error' }, 2);
    now = MAX_AGE_MS * 0.75;
    expect((await setStatus(GROUP_CURATOR, 'In review')).body).toEqual({});
    expect(await currentStatus()).toBe('In review');

    now = MAX_AGE_MS;
    const refused = await setStatus(GROUP_CURATOR, 'On hold');
    expect(refused.ms).toBeLessThan(SLACK_ACK_MS);
    expect(Object.values(refused.body.errors ?? {}).join(' ')).toMatch(/Only curators can/);
    expect(await currentStatus()).toBe('In review');

    // Slack slow again: ten checks at once wait on one look-up (a second at most, should the first time out).
    h.slack.failNext('usergroups.users.list', { delayMs: 2000 }, 100);
    const before = lookups();
    const answers = await Promise.all(Array.from({ length: 10 }, () => setStatus(GROUP_CURATOR, 'On hold')));
    for (const answer of answers) {
      expect(answer.ms).toBeLessThan(SLACK_ACK_MS);
      expect(Object.values(answer.body.errors ?? {}).join(' ')).toMatch(/Only curators can/);
    }
    expect(lookups() - before).toBeLessThanOrEqual(2);
    expect(await currentStatus()).toBe('In review');
    await expectInvariants({ database: h.t.database, storeRoot: h.t.storeRoot, purl: h.t.purl });
  });
});
