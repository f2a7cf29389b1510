/**
 * Two bot processes (replicas) on one PostgreSQL schema, one data store, one
 * PURL simulator and one Slack stand-in. 200 signed interactions (status
 * modals, Approve clicks, Mint clicks, `/pid show` commands) are spread over
 * both; every fourth is also sent to the other replica as Slack retries it
 * (same trigger id, `x-slack-retry-num`). Every effect happens exactly once:
 * one history row per change, one DOI per mint, no thread line or DM posted
 * twice, one reply per command, and the invariants hold.
 */
import type { ChildProcess } from 'node:child_process';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { PurlSimulator } from '../../src/sandbox/purl/purlSimulator.js';
import { startPurlSimulator } from '../../src/sandbox/purl/purlSimulator.js';
import { type LocalSlackApi, startLocalSlackApi } from '../../src/sandbox/slack/localSlackApi.js';
import { submitRequest } from '../../src/services/requests/submitRequest.js';
import { ACTION, FIELD, VIEW } from '../../src/slack/views/actionIds.js';
import { type BotProcess, startBotProcess } from '../support/botProcess.js';
import { expectInvariants } from '../support/invariants.js';
import { CHANNEL, SIGNING_SECRET, selectValue, sign } from '../support/slackHarness.js';
import { buttonClickPayload, viewSubmissionPayload } from '../support/slackPayloads.js';
import { CURATOR, createTestCore, RESEARCHER, type TestCore } from '../support/testCore.js';
import { TEST_POSTGRES_URL } from '../support/testDatabases.js';

const REQUESTS = 50;
/** Every this many interactions, one is sent to both replicas, the second as Slack's retry. */
const RETRY_EVERY = 4;
const IN_FLIGHT = 12;
/** Never within a test run: only the interactions post anything. */
const NEVER = '0 0 1 1 *';

type Kind = 'status' | 'approve' | 'mint' | 'show';

function bodyOf(kind: Kind, requestId: number, slack: LocalSlackApi): { body: string; contentType: string } {
  const form = 'application/x-www-form-urlencoded';
  const trigger = `trigger-${kind}-${requestId}`;
  if (kind === 'show')
    return {
      contentType: form,
      body: new URLSearchParams({
        token: 'legacy',
        team_id: 'T0TEST',
        channel_id: CHANNEL,
        user_id: CURATOR,
        command: '/pid',
        text: `show ${requestId}`,
        response_url: slack.responseUrl(requestId),
        trigger_id: trigger,
      }).toString(),
    };
  const payload =
    kind === 'status'
      ? viewSubmissionPayload({
          teamId: 'T0TEST',
          appId: 'A0TEST',
          userId: CURATOR,
          triggerId: trigger,
          viewId: `V${requestId}`,
          callbackId: VIEW.setStatus,
          privateMetadata: JSON.stringify({ requestId }),
          values: selectValue(FIELD.status, 'Evaluation'),
        })
      : buttonClickPayload({
          teamId: 'T0TEST',
          appId: 'A0TEST',
          userId: CURATOR,
          triggerId: trigger,
          channelId: CHANNEL,
          actionId: kind === 'approve' ? ACTION.approve : ACTION.mint,
          value: String(requestId),
        });
  return { contentType: form, body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString() };
}

async function deliver(bot: BotProcess, body: string, contentType: string, retryNum: number): Promise<number> {
  const timestamp = Math.floor(Date.now() / 1000);
  const response = await fetch(`http://127.0.0.1:${bot.port}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': sign(body, timestamp, SIGNING_SECRET),
      ...(retryNum > 0 && { 'x-slack-retry-num': String(retryNum), 'x-slack-retry-reason': 'http_timeout' }),
    },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  await response.arrayBuffer();
  return response.status;
}

async function until(condition: () => Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const running = new Set<ChildProcess>();

describe.skipIf(TEST_POSTGRES_URL === undefined)(
  'two replicas on one PostgreSQL (needs PIDBOT_TEST_POSTGRES_URL)',
  () => {
    let t: TestCore | undefined;
    let sim: PurlSimulator | undefined;
    let slack: LocalSlackApi | undefined;
    afterEach(async () => {
      for (const child of running) child.kill('SIGKILL');
      running.clear();
      await slack?.close();
      await sim?.close();
      await t?.dispose();
    });

    it('200 interactions spread over both, some retried on the other: every effect exactly once', {
      // Measured 44–66 s at load average 11–14 on 2 shared cores; two bot starts from source dominate.
      timeout: 120_000,
    }, async () => {
      t = await createTestCore({ CURATION_CHANNEL_ID: CHANNEL }, 'postgres');
      const core = t;
      const purl = await startPurlSimulator({ shoulder: '10.7282/T3' });
      sim = purl;
      const api = await startLocalSlackApi();
      slack = api;
      // Stored, not delivered: the replicas post the request cards (the test core has no Slack).
      const quiet = { ...core.deps, events: { ...core.deps.events, kick: () => undefined } };
      const ids: number[] = [];
      for (let i = 0; i < REQUESTS; i++) {
        core.makeFolder(RESEARCHER, `f${i}`);
        ids.push((await submitRequest(quiet, { requesterId: RESEARCHER, folderPath: `f${i}`, type: 'DOI' })).id);
      }
      const env = {
        DATABASE_URL: core.config.databasePath,
        DATA_STORE_ROOT: core.storeRoot,
        SLACK_BOT_TOKEN: 'xoxb-replicas',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: api.apiUrl,
        CURATION_CHANNEL_ID: CHANNEL,
        CURATOR_USER_IDS: CURATOR,
        PID_PROVIDER: 'purl',
        PURL_BASE_URL: purl.baseUrl,
        PURL_API_KEY: purl.apiKey,
        PURL_SHOULDER: purl.shoulder,
        PURL_MAX_RPS: '1000',
        PURL_MAX_CONCURRENT: '8',
        STATUS_CRON: NEVER,
        VERIFY_CRON: NEVER,
        REMIND_CRON: NEVER,
        RESOLUTION_CHECKS: 'false',
        // The stand-in has no limits: Slack's (a post a second per channel, 50 updates a minute) would make this test minutes long.
        SLACK_PACING: 'false',
      };
      const bots = await Promise.all([
        startBotProcess(core.root, env, running),
        startBotProcess(core.root, env, running),
      ]);

      const { db } = core.database;
      const count = async (query: Promise<{ n: number | string | bigint }>) => Number((await query).n);
      const undelivered = () =>
        count(
          db
            .selectFrom('outbox_events')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('delivered_at', 'is', null)
            .executeTakeFirstOrThrow() as Promise<{ n: number }>,
        );
      const historyTo = (status: string) =>
        count(
          db
            .selectFrom('status_history')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('to_status', '=', status)
            .executeTakeFirstOrThrow() as Promise<{ n: number }>,
        );
      const logsOnFailure = () =>
        bots.map((b, i) => `replica ${i}:\n${b.stderr().split('\n').slice(-15).join('\n')}`).join('\n');
      await until(async () => (await undelivered()) === 0, 'the request cards posted').catch((error: Error) => {
        throw new Error(`${error.message}\n${logsOnFailure()}`);
      });

      let sent = 0;
      let retried = 0;
      async function phase(kind: Kind, done: () => Promise<boolean>): Promise<void> {
        const queue = [...ids];
        const worker = async () => {
          for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
            const index = sent++;
            const [first, other] = index % 2 === 0 ? [bots[0], bots[1]] : [bots[1], bots[0]];
            const { body, contentType } = bodyOf(kind, id, api);
            const deliveries = [deliver(first, body, contentType, 0)];
            if (index % RETRY_EVERY === 0) {
              retried += 1;
              deliveries.push(deliver(other, body, contentType, 1));
            }
            const answers = await Promise.all(deliveries);
            // Unanswered within 3 s (Bolt then answers 404 on a loaded machine): Slack retries, up to three times.
            for (let retryNum = answers.length; !answers.includes(200) && retryNum <= 3; retryNum++)
              answers.push(await deliver(bots[retryNum % 2] ?? first, body, contentType, retryNum));
            expect(answers).toContain(200);
          }
        };
        await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
        await until(done, `the ${kind} interactions' effects`);
        await until(async () => (await undelivered()) === 0, `the ${kind} notifications delivered`).catch(
          async (error: Error) => {
            const left = await db
              .selectFrom('outbox_events')
              .select(['id', 'event_type', 'attempts', 'last_error', 'claimed_by', 'claim_expires_at'])
              .where('delivered_at', 'is', null)
              .execute();
            const activity =
              await sql`select pid, state, wait_event_type, wait_event, left(query, 200) as query from pg_stat_activity where datname = 'test' and state <> 'idle'`.execute(
                db,
              );
            throw new Error(
              `${error.message}: ${JSON.stringify(left).slice(0, 1000)}\n${JSON.stringify(activity.rows, null, 1)}\n${logsOnFailure()}`,
            );
          },
        );
      }
      await phase('status', async () => (await historyTo('Evaluation')) >= REQUESTS);
      await phase('approve', async () => (await historyTo('Approved')) >= REQUESTS);
      await phase(
        'mint',
        async () =>
          (await count(
            db
              .selectFrom('identifiers')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow() as Promise<{ n: number }>,
          )) >= REQUESTS,
      );
      await phase('show', async () => api.calls.filter((c) => c.method.startsWith('response_url')).length >= REQUESTS);
      expect(sent).toBe(4 * REQUESTS);
      expect(retried).toBe(sent / RETRY_EVERY);
      // Late doubles would land now.
      await new Promise((r) => setTimeout(r, 1500));

      const changes = await db
        .selectFrom('status_history')
        .select(['request_id', 'to_status', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy(['request_id', 'to_status'])
        .execute();
      expect(changes.filter((c) => Number(c.n) !== 1)).toEqual([]);
      for (const status of ['Evaluation', 'Approved']) expect(await historyTo(status)).toBe(REQUESTS);
      expect(purl.requestLog.filter((r) => r.method === 'create')).toHaveLength(REQUESTS);
      expect(purl.identifiers.size).toBe(REQUESTS);

      const posts = api.callsTo('chat.postMessage').filter((c) => !c.failed);
      const keyOf = (c: (typeof posts)[number]) =>
        JSON.stringify([c.args.channel, c.args.thread_ts ?? null, String(c.args.text)]);
      const seen = new Map<string, number>();
      for (const post of posts) seen.set(keyOf(post), (seen.get(keyOf(post)) ?? 0) + 1);
      expect([...seen].filter(([, n]) => n > 1)).toEqual([]);
      const cards = posts.filter((c) => c.args.channel === CHANNEL && c.args.thread_ts === undefined);
      expect(cards).toHaveLength(REQUESTS);
      const threadLines = posts.filter((c) => c.args.thread_ts !== undefined);
      const dms = posts.filter((c) => c.args.channel === RESEARCHER);
      // Per request: Evaluation, Approved, minted (and Completion) lines; a DM for the submission and each of them.
      expect(threadLines.length).toBeGreaterThanOrEqual(3 * REQUESTS);
      expect(dms.length).toBeGreaterThanOrEqual(4 * REQUESTS);
      const replies = new Map<string, number>();
      for (const c of api.calls.filter((c) => c.method.startsWith('response_url')))
        replies.set(c.method, (replies.get(c.method) ?? 0) + 1);
      expect(replies.size).toBe(REQUESTS);
      expect([...replies.values()].every((n) => n === 1)).toBe(true);
      expect(
        await count(
          db
            .selectFrom('slack_inbox')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('processed_at', 'is', null)
            .executeTakeFirstOrThrow() as Promise<{ n: number }>,
        ),
      ).toBe(0);
      await expectInvariants({ database: core.database, storeRoot: core.storeRoot, purl });
    });
  },
);
