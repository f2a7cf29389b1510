/**
 * The Slack Web API failing while pidbot notifies: 429 with Retry-After, 500,
 * `channel_not_found`, `not_in_channel` — on the channel post, the thread
 * reply, the in-place update and the requester's DM. The request's state is
 * right regardless; the failure is logged and the event stays in the outbox
 * with its attempts counted until a later round delivers it, or it is reported.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMessageRefStore } from '../../src/db/sqliteMessageRefs.js';
import type { InjectedFailure, RecordedCall } from '../../src/sandbox/slack/localSlackApi.js';
import { mintIdentifier } from '../../src/services/minting/mintIdentifier.js';
import { setRequestStatus } from '../../src/services/requests/setRequestStatus.js';
import { submitRequest } from '../../src/services/requests/submitRequest.js';
import { MAX_DELIVERY_ATTEMPTS } from '../../src/services/runtime/eventRelay.js';
import { ACTION } from '../../src/slack/views/actionIds.js';
import { expectInvariants } from '../support/invariants.js';
import { channelPost, directMessage, failWhere, methodCall, threadReply } from '../support/slackFaults.js';
import { CHANNEL, type SlackHarness, startSlackHarness } from '../support/slackHarness.js';
import { CURATOR, RESEARCHER } from '../support/testCore.js';

/** Retries of the harness's Web API client: a failure must outlast them to reach pidbot. */
const CLIENT_ATTEMPTS = 2;

describe('Slack failing while pidbot notifies', () => {
  let h: SlackHarness;

  beforeEach(async () => {
    h = await startSlackHarness();
    h.t.makeFolder(RESEARCHER, 'kelp');
  });
  afterEach(() => h.close());

  const outboxRow = (type: string) =>
    h.t.database.db
      .selectFrom('outbox_events')
      .selectAll()
      .where('event_type', '=', type)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
  const deliveryFailures = () => h.t.logLines.filter((line) => line.includes('"event delivery failed"'));
  const matching = (where: (call: RecordedCall) => boolean) => h.slack.calls.filter(where);
  const submit = async () => {
    const request = await submitRequest(h.t.deps, { requesterId: RESEARCHER, folderPath: 'kelp', type: 'DOI' });
    await h.t.deps.events.idle();
    return request;
  };
  const submitDelivered = async () => {
    const request = await submit();
    expect((await outboxRow('RequestSubmitted')).delivered_at).not.toBeNull();
    return request;
  };
  const statusOf = async (id: number) => (await h.t.deps.uow.repos.requests.findById(id))?.status;
  const invariants = () => expectInvariants({ database: h.t.database, storeRoot: h.t.storeRoot, purl: h.t.purl });

  /** The event failed once: undelivered, one attempt counted, the Slack error kept and logged. */
  async function expectHeldBack(type: string, slackError: RegExp): Promise<void> {
    const row = await outboxRow(type);
    expect(row).toMatchObject({ delivered_at: null, attempts: 1 });
    expect(row.last_error).toMatch(slackError);
    expect(deliveryFailures().some((line) => line.includes(type) && slackError.test(line))).toBe(true);
  }

  async function redeliver(type: string): Promise<void> {
    await h.t.deps.events.deliverPending();
    expect(await outboxRow(type)).toMatchObject({ delivered_at: expect.any(String), attempts: 1 });
  }

  it.each<[string, InjectedFailure, number, RegExp]>([
    ['channel_not_found', { error: 'channel_not_found' }, 1, /channel_not_found/],
    ['not_in_channel', { error: 'not_in_channel' }, 1, /not_in_channel/],
    ['HTTP 500 (after the client’s own retry)', { status: 500 }, CLIENT_ATTEMPTS, /500/],
  ])(
    'the channel post of a new request failing with %s: the request is stored and staged; the post and the DM follow on the next round',
    async (_name, failure, times, slackError) => {
      failWhere(h.slack, channelPost(CHANNEL), failure, times);
      const request = await submit();

      expect(await statusOf(request.id)).toBe('Submitted');
      await expectHeldBack('RequestSubmitted', slackError);
      expect(matching(directMessage(RESEARCHER))).toEqual([]);
      expect(await createMessageRefStore(h.t.database.db).find(request.id)).toBeUndefined();
      await invariants();

      await redeliver('RequestSubmitted');
      expect(matching(channelPost(CHANNEL)).length).toBe(times + 1);
      expect(await createMessageRefStore(h.t.database.db).find(request.id)).toMatchObject({ channelId: CHANNEL });
      expect(matching(directMessage(RESEARCHER))).toHaveLength(1);
    },
  );

  it('a 429 with Retry-After: 1 on the channel post is waited out by the client and delivered in the same round', async () => {
    failWhere(h.slack, channelPost(CHANNEL), { status: 429, retryAfterSeconds: 1 });
    const request = await submit();

    expect(await outboxRow('RequestSubmitted')).toMatchObject({ delivered_at: expect.any(String), attempts: 0 });
    const [limited, retried] = matching(channelPost(CHANNEL));
    expect(retried!.at - limited!.at).toBeGreaterThanOrEqual(900);
    expect(await createMessageRefStore(h.t.database.db).find(request.id)).toBeDefined();
    expect(matching(directMessage(RESEARCHER))).toHaveLength(1);
  });

  it.each<[string, (call: RecordedCall) => boolean, InjectedFailure, number, RegExp]>([
    [
      'the in-place update (not_in_channel)',
      methodCall('chat.update'),
      { error: 'not_in_channel' },
      1,
      /not_in_channel/,
    ],
    ['the thread reply (HTTP 500)', threadReply(CHANNEL), { status: 500 }, CLIENT_ATTEMPTS, /500/],
    [
      'the thread reply (channel_not_found)',
      threadReply(CHANNEL),
      { error: 'channel_not_found' },
      1,
      /channel_not_found/,
    ],
    [
      'the requester’s DM (channel_not_found)',
      directMessage(RESEARCHER),
      { error: 'channel_not_found' },
      1,
      /channel_not_found/,
    ],
    [
      'the requester’s DM (429 twice, outlasting the retry)',
      directMessage(RESEARCHER),
      { status: 429, retryAfterSeconds: 0 },
      CLIENT_ATTEMPTS,
      /rate limit/i,
    ],
  ])(
    'a status change whose notification fails at %s is committed; the thread line and DM are delivered on the next round',
    async (_where, where, failure, times, slackError) => {
      const request = await submitDelivered();
      const dmsBefore = matching(directMessage(RESEARCHER)).filter((c) => !c.failed).length;
      failWhere(h.slack, where, failure, times);

      await setRequestStatus(h.t.deps, {
        actorId: CURATOR,
        requestId: request.id,
        status: 'Approved',
        comment: 'Looks good',
      });
      await h.t.deps.events.idle();

      expect(await statusOf(request.id)).toBe('Approved');
      expect((await h.t.deps.uow.repos.history.forRequest(request.id)).map((c) => c.toStatus)).toEqual([
        'Submitted',
        'Approved',
      ]);
      await expectHeldBack('RequestStatusChanged', slackError);
      await invariants();

      await redeliver('RequestStatusChanged');
      // Each Slack effect is its own subscriber: the retry repeats only what failed, so each line lands exactly once.
      const delivered = (where: (call: RecordedCall) => boolean) => matching(where).filter((c) => !c.failed);
      expect(delivered(threadReply(CHANNEL)).filter((c) => String(c.args.text).includes('Approved'))).toHaveLength(1);
      expect(delivered(directMessage(RESEARCHER)).length - dmsBefore).toBe(1);
      expect(JSON.stringify(h.slack.callsTo('chat.update').at(-1)?.args.blocks)).toContain('Approved');
    },
  );

  it('Slack failing through a whole mint: the request is complete and minted once; the notifications wait and then arrive in order', async () => {
    const request = await submitDelivered();
    const outage = failWhere(
      h.slack,
      (c) => c.method === 'chat.postMessage' || c.method === 'chat.update',
      { error: 'channel_not_found' },
      100,
    );

    const { identifier } = await mintIdentifier(h.t.deps, { actorId: CURATOR, requestId: request.id });
    await h.t.deps.events.idle();

    expect(await h.t.deps.uow.repos.requests.findById(request.id)).toMatchObject({
      status: 'Completion',
      area: 'curated',
    });
    const pending = await h.t.deps.uow.repos.outbox.undelivered(10, MAX_DELIVERY_ATTEMPTS);
    expect(pending.map((p) => [p.event.type, p.attempts])).toEqual([
      ['RequestStatusChanged', 1],
      ['IdentifierMinted', 1],
    ]);
    await invariants();

    outage.stop();
    await h.t.deps.events.deliverPending();
    expect(await h.t.deps.uow.repos.outbox.undelivered(10, MAX_DELIVERY_ATTEMPTS)).toEqual([]);
    expect(
      matching(directMessage(RESEARCHER)).some((c) =>
        String(c.args.text).includes(`https://doi.org/${identifier.doi}`),
      ),
    ).toBe(true);
    expect(h.t.purl.requestLog.filter((e) => e.method === 'create')).toHaveLength(1);
  });

  it(`an event that keeps failing is retried up to ${MAX_DELIVERY_ATTEMPTS} times, then set aside with an error in the log (kept, not deleted)`, async () => {
    failWhere(h.slack, channelPost(CHANNEL), { error: 'channel_not_found' }, MAX_DELIVERY_ATTEMPTS);
    const request = await submit();
    for (let round = 1; round < MAX_DELIVERY_ATTEMPTS; round++) await h.t.deps.events.deliverPending();

    const row = await outboxRow('RequestSubmitted');
    expect(row).toMatchObject({
      delivered_at: null,
      attempts: MAX_DELIVERY_ATTEMPTS,
      last_error: expect.stringMatching(/channel_not_found/),
    });
    expect(deliveryFailures()).toHaveLength(MAX_DELIVERY_ATTEMPTS);
    expect(deliveryFailures().at(-1)).toMatch(/"level":"error"/);
    const calls = h.slack.calls.length;
    await h.t.deps.events.deliverPending();
    expect(h.slack.calls.length).toBe(calls);
    expect(await statusOf(request.id)).toBe('Submitted');
  });

  it('a refusal the curator must see goes by DM when the ephemeral reply fails, and is logged when both fail', async () => {
    const request = await submitDelivered();
    failWhere(h.slack, methodCall('chat.postEphemeral'), { error: 'not_in_channel' });
    await h.click(RESEARCHER, ACTION.mint, String(request.id));
    await h.until(
      () => matching(directMessage(RESEARCHER)).some((c) => String(c.args.text).includes('Not allowed')),
      'the refusal by DM',
    );

    failWhere(h.slack, methodCall('chat.postEphemeral'), { error: 'not_in_channel' });
    failWhere(h.slack, directMessage(RESEARCHER), { error: 'channel_not_found' });
    await h.click(RESEARCHER, ACTION.approve, String(request.id));
    await h.until(
      () => h.t.logLines.some((l) => l.includes('could not tell a user the outcome of their action')),
      'the logged failure',
    );

    expect(await statusOf(request.id)).toBe('Submitted');
    expect(h.t.purl.requestLog).toEqual([]);
  });
});
