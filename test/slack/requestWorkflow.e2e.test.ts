import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMessageRefStore } from '../../src/db/sqliteMessageRefs.js';
import { ACTION, FIELD, VIEW } from '../../src/slack/views/actionIds.js';
import { NEW_REQUEST_CARD_BUTTONS } from '../support/cardButtons.js';
import { expectInvariants } from '../support/invariants.js';
import {
  CHANNEL,
  SIGNING_SECRET,
  type SlackHarness,
  selectValue,
  sign,
  startSlackHarness,
  textValue,
} from '../support/slackHarness.js';
import { CURATOR, fixtureText, OTHER_RESEARCHER, RESEARCHER } from '../support/testCore.js';

type Blocks = { type: string; elements?: { text?: { text: string }; action_id: string; value?: string }[] }[];

function buttonsOf(blocks: unknown): Map<string, { action_id: string; value?: string }> {
  const buttons = new Map<string, { action_id: string; value?: string }>();
  for (const block of blocks as Blocks)
    for (const el of block.elements ?? []) if (el.text?.text) buttons.set(el.text.text, el);
  return buttons;
}

describe('the curation workflow in Slack, end to end over signed HTTP', () => {
  let h: SlackHarness;

  beforeEach(async () => {
    h = await startSlackHarness();
  });
  afterEach(() => h.close());

  async function submitThroughModal(folder: string): Promise<number> {
    h.t.makeFolder(RESEARCHER, folder, 'valid-dataset-national-gallery.json');
    const opened = h.slack.callsTo('views.open').length;
    const open = await h.command(RESEARCHER, 'request');
    expect(open.status).toBe(200);
    await h.until(() => h.slack.callsTo('views.open').length > opened, 'the request modal');
    const modal = h.slack.callsTo('views.open').at(-1)?.args.view as {
      callback_id: string;
      blocks: { block_id?: string }[];
    };
    expect(modal.callback_id).toBe(VIEW.submitRequest);
    expect(modal.blocks.map((b) => b.block_id)).toContain(FIELD.folderSelect);

    const submitted = await h.submitView(RESEARCHER, VIEW.submitRequest, {
      ...selectValue(FIELD.folderSelect, folder),
      ...selectValue(FIELD.type, 'DOI'),
    });
    expect(submitted.status).toBe(200);
    expect(await submitted.text()).toBe('');
    const [request] = (await h.t.deps.uow.repos.requests.list({}, { limit: 1 })).items;
    await h.until(
      () =>
        h.slack
          .callsTo('chat.postMessage')
          .some((c) => c.args.channel === RESEARCHER && String(c.args.text).includes(`#${request!.id}`)),
      'the submission DM',
    );
    return request!.id;
  }

  it('takes a request from the modal to the channel, approval and a new reusable status code', async () => {
    const id = await submitThroughModal('coral-reef');

    const [post] = h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === CHANNEL);
    expect(post?.args.text).toMatch(new RegExp(`#${id}`));
    const buttons = buttonsOf(post?.args.blocks);
    expect([...buttons.keys()]).toEqual(NEW_REQUEST_CARD_BUTTONS);
    expect(
      h.slack
        .callsTo('chat.postMessage')
        .some((c) => c.args.channel === RESEARCHER && String(c.args.text).includes('submitted')),
    ).toBe(true);

    await h.click(CURATOR, buttons.get('Approve')!.action_id, String(id));
    await h.until(
      () =>
        h.slack
          .callsTo('chat.postMessage')
          .some((c) => c.args.channel === RESEARCHER && String(c.args.text).includes('is now *Approved*')),
      'the approval DM',
    );
    const update = h.slack.callsTo('chat.update').at(-1);
    const ref = await createMessageRefStore(h.t.database.db).find(id);
    expect(ref?.channelId).toBe(CHANNEL);
    expect(update?.args).toMatchObject({ channel: CHANNEL, ts: ref?.ts });
    expect(JSON.stringify(update?.args.blocks)).toContain('*Approved*');
    const thread = h.slack.callsTo('chat.postMessage').filter((c) => c.args.thread_ts !== undefined);
    expect(thread.at(-1)?.args.text).toMatch(/Submitted → \*Approved\*/);
    expect(
      h.slack
        .callsTo('chat.postMessage')
        .some((c) => c.args.channel === RESEARCHER && String(c.args.text).includes('is now *Approved*')),
    ).toBe(true);

    // Status… opens the modal; saving a new code stores it and it is offered next time.
    await h.click(CURATOR, buttons.get('Status…')!.action_id, String(id));
    await h.until(() => h.slack.callsTo('views.open').length === 2, 'the status modal');
    const statusView = h.slack.callsTo('views.open').at(-1)?.args.view as { private_metadata: string };
    const saved = await h.submitView(
      CURATOR,
      VIEW.setStatus,
      {
        ...selectValue(FIELD.status, 'Approved'),
        ...textValue(FIELD.newStatus, 'Needs licence'),
        ...textValue(FIELD.comment, 'Please add a rights statement'),
      },
      statusView.private_metadata,
    );
    expect(await saved.text()).toBe('');
    expect((await h.t.deps.uow.repos.requests.findById(id))?.status).toBe('Needs licence');

    await h.click(CURATOR, buttons.get('Status…')!.action_id, String(id));
    await h.until(() => h.slack.callsTo('views.open').length === 3, 'the second status modal');
    const again = h.slack.callsTo('views.open').at(-1)?.args.view as {
      blocks: { element?: { options?: { value: string }[] } }[];
    };
    const offered = again.blocks.flatMap((b) => b.element?.options?.map((o) => o.value) ?? []);
    expect(offered).toContain('Needs licence');
  });

  it('refuses a non-curator privately and changes nothing', async () => {
    const id = await submitThroughModal('plankton');
    const before = h.slack.callsTo('chat.update').length;
    await h.click(OTHER_RESEARCHER, ACTION.approve, String(id));
    await h.click(RESEARCHER, ACTION.openStatus, String(id));
    await h.until(() => h.slack.callsTo('chat.postEphemeral').length === 2, 'two refusals');
    await h.settle();
    const ephemerals = h.slack.callsTo('chat.postEphemeral');
    expect(ephemerals.map((c) => c.args.user)).toEqual([OTHER_RESEARCHER, RESEARCHER]);
    expect(ephemerals.every((c) => String(c.args.text).includes('Not allowed'))).toBe(true);
    expect(h.slack.callsTo('chat.update')).toHaveLength(before);
    expect(
      h.slack
        .callsTo('views.open')
        .filter((c) => (c.args.view as { callback_id?: string }).callback_id === VIEW.setStatus),
    ).toEqual([]);
    expect((await h.t.deps.uow.repos.requests.findById(id))?.status).toBe('Submitted');
    expect(h.t.logLines.some((l) => l.includes('non-curator'))).toBe(true);
  });

  it('shows every validation problem in the modal at once and moves nothing', async () => {
    h.t.makeFolder(RESEARCHER, 'broken', 'invalid-eight-defects.json');
    const response = await h.submitView(RESEARCHER, VIEW.submitRequest, {
      ...textValue(FIELD.folderPath, 'broken'),
      ...selectValue(FIELD.type, 'DOI'),
    });
    const body = (await response.json()) as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(body.errors[FIELD.folderPath]?.split('\n')).toHaveLength(8);
    expect((await h.t.deps.uow.repos.requests.list({}, { limit: 5 })).items).toEqual([]);
  });

  it('fits hundreds of problems into the modal as whole lines, then says how many more there are', async () => {
    h.t.makeFolder(RESEARCHER, 'crowded', {
      ...(JSON.parse(fixtureText('valid-minimal.json')) as Record<string, unknown>),
      creators: Array.from({ length: 300 }, () => ({})),
    });
    const response = await h.submitView(RESEARCHER, VIEW.submitRequest, {
      ...textValue(FIELD.folderPath, 'crowded'),
      ...selectValue(FIELD.type, 'DOI'),
    });
    const body = (await response.json()) as { response_action: string; errors: Record<string, string> };
    const lines = body.errors[FIELD.folderPath]?.split('\n') ?? [];
    expect(body.errors[FIELD.folderPath]?.length).toBeLessThanOrEqual(2000);
    for (const line of lines.slice(0, -1))
      expect(line).toMatch(/^\$\.creators\[\d+\]\.name: missing: .*givenName and familyName$/);
    expect(lines.at(-1)).toBe(
      `… and ${300 - (lines.length - 1)} more problem(s): fix these and submit again to see the rest`,
    );
    expect((await h.t.deps.uow.repos.requests.list({}, { limit: 5 })).items).toEqual([]);
    await expectInvariants(h.t);
  });

  it('refuses a bad signature and a stale timestamp, and acts once on a retry or replay', async () => {
    const body = new URLSearchParams({
      user_id: RESEARCHER,
      command: '/pid',
      text: 'codes',
      trigger_id: 't1',
      response_url: h.slack.responseUrl(900),
    }).toString();
    const now = Math.floor(Date.now() / 1000);
    const forged = await fetch(h.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(now),
        'x-slack-signature': sign(body, now, 'wrong-secret'),
      },
      body,
    });
    expect(forged.status).toBe(401);
    const stale = now - 6 * 60;
    const old = await fetch(h.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(stale),
        'x-slack-signature': sign(body, stale, SIGNING_SECRET),
      },
      body,
    });
    expect(old.status).toBe(401);
    await h.settle();
    expect(h.slack.callsTo('response_url/900')).toEqual([]);

    const id = await submitThroughModal('kelp');
    const click = new URLSearchParams({
      payload: JSON.stringify({
        type: 'block_actions',
        user: { id: CURATOR },
        trigger_id: 'same-trigger',
        channel: { id: CHANNEL },
        actions: [{ action_id: ACTION.approve, value: String(id), type: 'button', block_id: 'b' }],
      }),
    }).toString();
    await h.post(click, 'application/x-www-form-urlencoded');
    await h.post(click, 'application/x-www-form-urlencoded');
    await h.post(click, 'application/x-www-form-urlencoded', {
      'x-slack-retry-num': '1',
      'x-slack-retry-reason': 'http_timeout',
    });
    await h.until(
      () => h.slack.callsTo('chat.postMessage').some((c) => c.args.thread_ts !== undefined),
      'the thread line',
    );
    await h.settle();
    const history = await h.t.deps.uow.repos.history.forRequest(id);
    expect(history.map((c) => c.toStatus)).toEqual(['Submitted', 'Approved']);
    expect(h.slack.callsTo('chat.postMessage').filter((c) => c.args.thread_ts !== undefined)).toHaveLength(1);
  });

  it('answers slash commands privately, keeps requesters to their own requests and explains bad usage', async () => {
    const id = await submitThroughModal('seagrass');
    await h.command(OTHER_RESEARCHER, `show ${id}`);
    await h.command(RESEARCHER, `show #${id}`);
    await h.command(RESEARCHER, 'frobnicate');
    await h.command(CURATOR, `status ${id} "Needs changes" add <!channel> a licence`);
    await h.until(() => h.slack.calls.filter((c) => c.method.startsWith('response_url')).length === 4, 'four replies');
    await h.until(
      () => h.slack.callsTo('chat.postMessage').some((c) => String(c.args.text).includes('&lt;!channel&gt;')),
      'the thread line',
    );
    const replies = h.slack.calls.filter((c) => c.method.startsWith('response_url'));
    expect(replies.every((c) => c.args.response_type === 'ephemeral')).toBe(true);
    const texts = replies.map((c) => `${String(c.args.text)} ${JSON.stringify(c.args.blocks ?? '')}`);
    // Replies come back after each ack, so their order is not fixed; each must be there once.
    for (const expected of [
      /not found among the requests you can see/,
      /History/,
      /not a \/pid subcommand/,
      /now \*Needs changes\*/,
    ]) {
      expect(texts.filter((text) => expected.test(text))).toHaveLength(1);
    }
    const thread = h.slack
      .callsTo('chat.postMessage')
      .filter((c) => c.args.thread_ts !== undefined)
      .at(-1);
    expect(String(thread?.args.text)).toContain('&lt;!channel&gt;');
    expect(String(thread?.args.text)).not.toContain('<!channel>');
  });

  it('serves /healthz and the App Home for requesters and curators', async () => {
    const health = await fetch(h.url.replace('/slack/events', '/healthz'));
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ healthy: true, checks: { database: { ok: true } } });

    await submitThroughModal('mangroves');
    // The submission already re-published the requester's Home; count from here.
    await h.settle();
    const earlier = h.slack.callsTo('views.publish').length;
    await h.event({ type: 'app_home_opened', user: RESEARCHER, channel: 'D0X', tab: 'home' });
    await h.until(() => h.slack.callsTo('views.publish').length === earlier + 1, 'the requester home');
    await h.event({ type: 'app_home_opened', user: CURATOR, channel: 'D0Y', tab: 'home' });
    await h.until(() => h.slack.callsTo('views.publish').length === earlier + 2, 'both homes');
    const published = h.slack.callsTo('views.publish').slice(earlier);
    expect(published.map((c) => c.args.user_id)).toEqual([RESEARCHER, CURATOR]);
    expect(JSON.stringify(published[0]?.args.view)).toContain('Your permanent-ID requests');
    const curatorView = JSON.stringify(published[1]?.args.view);
    expect(curatorView).toContain('review queue');
    expect(curatorView).toContain(ACTION.approve);
  });
});
