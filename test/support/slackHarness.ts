import { createHmac, randomUUID } from 'node:crypto';
import { createHomeViewerStore } from '../../src/db/sqliteHomeViewers.js';
import { createMessageRefStore } from '../../src/db/sqliteMessageRefs.js';
import { createSlackDeliveryLog } from '../../src/db/sqliteSlackDeliveries.js';
import { type LocalSlackApi, startLocalSlackApi } from '../../src/sandbox/slack/localSlackApi.js';
import { createDeliveryDedupe } from '../../src/services/runtime/slackDeliveryDedupe.js';
import { type RunningSlackApp, startSlackApp } from '../../src/slack/slackApp.js';
import { botRoutes } from '../../src/web/botRoutes.js';
import { createTestCore, type TestCore } from './testCore.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789';
export const CHANNEL = 'C0CURATION';

export interface SlackHarness {
  t: TestCore;
  slack: LocalSlackApi;
  app: RunningSlackApp;
  url: string;
  /** Sends a raw body to /slack/events, signed (or not) as given. */
  post(body: string, contentType: string, headers?: Record<string, string>): Promise<Response>;
  command(userId: string, text: string): Promise<Response>;
  click(userId: string, actionId: string, value: string, extra?: Record<string, unknown>): Promise<Response>;
  submitView(
    userId: string,
    callbackId: string,
    values: Record<string, unknown>,
    privateMetadata?: string,
  ): Promise<Response>;
  event(event: Record<string, unknown>, headers?: Record<string, string>): Promise<Response>;
  /** Waits (bounded) until `condition` holds: listeners run after the ack. */
  until(condition: () => boolean | Promise<boolean>, what: string): Promise<void>;
  /** Stops the bot and starts a new one on the same database, store and local Slack (as a restart would); `t`, `app` and `url` change. */
  restart(): Promise<void>;
  /** For "nothing else happened" checks: waits until the outbox is drained and no Slack call arrives for a while. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export function sign(body: string, timestamp: number, secret = SIGNING_SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** The real Bolt app over HTTP on an ephemeral port, against the local Slack API stand-in. */
export async function startSlackHarness(env: Record<string, string> = {}): Promise<SlackHarness> {
  let t = await createTestCore({ CURATION_CHANNEL_ID: CHANNEL, ...env });
  const slack = await startLocalSlackApi();
  const startApp = (core: TestCore) =>
    startSlackApp(
      {
        botToken: 'xoxb-test-token',
        connection: { mode: 'http', signingSecret: SIGNING_SECRET },
        apiUrl: slack.apiUrl,
        curationChannelId: CHANNEL,
        deps: core.deps,
        messageRefs: createMessageRefStore(core.database.db),
        homeViewers: createHomeViewerStore(core.database.db),
        deliveries: createDeliveryDedupe(
          createSlackDeliveryLog(core.database.db),
          core.deps.clock,
          core.deps.logger,
          core.deps.lease,
        ),
        logger: core.deps.logger,
        routes: botRoutes(core.deps, core.deps.logger, { exporter: core.metrics, token: core.config.metricsToken }),
        poster: { perChannelIntervalMs: 5, viewsOpenPerUserPerMinute: core.config.slack.viewsOpenPerUserPerMinute },
        retries: 1,
        timeoutMs: 5000,
      },
      // PORT in env: the bot listens there, so its own URLs (landing pages) can be configured before it starts.
      env.PORT === undefined ? 0 : core.config.port,
    );
  let app = await startApp(t);
  let url = `http://127.0.0.1:${app.port}/slack/events`;
  let responseCounter = 0;

  const post = async (body: string, contentType: string, headers: Record<string, string> = {}) => {
    const timestamp = Math.floor(Date.now() / 1000);
    return fetch(url, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': sign(body, timestamp),
        ...headers,
      },
      body,
      signal: AbortSignal.timeout(5000),
    });
  };
  const interactive = (payload: Record<string, unknown>) =>
    post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded');

  return {
    get t() {
      return t;
    },
    slack,
    get app() {
      return app;
    },
    get url() {
      return url;
    },
    post,
    command: (userId, text) =>
      post(
        new URLSearchParams({
          token: 'legacy',
          team_id: 'T0TEST',
          channel_id: CHANNEL,
          user_id: userId,
          command: '/pid',
          text,
          response_url: slack.responseUrl(++responseCounter),
          trigger_id: `trigger-${randomUUID()}`,
        }).toString(),
        'application/x-www-form-urlencoded',
      ),
    click: (userId, actionId, value, extra = {}) =>
      interactive({
        type: 'block_actions',
        team: { id: 'T0TEST' },
        user: { id: userId },
        api_app_id: 'A0TEST',
        trigger_id: `trigger-${randomUUID()}`,
        channel: { id: CHANNEL },
        container: { type: 'message', channel_id: CHANNEL },
        actions: [{ type: 'button', action_id: actionId, block_id: 'b', value, action_ts: `${Date.now() / 1000}` }],
        ...extra,
      }),
    submitView: (userId, callbackId, values, privateMetadata = '') =>
      interactive({
        type: 'view_submission',
        team: { id: 'T0TEST' },
        user: { id: userId },
        api_app_id: 'A0TEST',
        trigger_id: `trigger-${randomUUID()}`,
        view: { id: 'V0TEST', callback_id: callbackId, private_metadata: privateMetadata, state: { values } },
      }),
    event: (event, headers = {}) =>
      post(
        JSON.stringify({
          token: 'legacy',
          team_id: 'T0TEST',
          api_app_id: 'A0TEST',
          type: 'event_callback',
          event_id: `Ev${randomUUID()}`,
          event_time: Math.floor(Date.now() / 1000),
          event,
        }),
        'application/json',
        headers,
      ),
    async until(condition, what) {
      const deadline = Date.now() + 8000;
      while (!(await condition())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async settle() {
      let last = -1;
      for (let i = 0; i < 50 && last !== slack.calls.length; i++) {
        last = slack.calls.length;
        await t.deps.events.idle();
        await new Promise((r) => setTimeout(r, 150));
      }
    },
    async restart() {
      await app.stop();
      t = await t.reopen();
      app = await startApp(t);
      url = `http://127.0.0.1:${app.port}/slack/events`;
    },
    async close() {
      await app.stop();
      await slack.close();
      await t.dispose();
    },
  };
}

/** A view_submission `state.values` entry for a text input or a select. */
export function textValue(blockId: string, value: string): Record<string, unknown> {
  return { [blockId]: { [blockId]: { type: 'plain_text_input', value } } };
}
export function selectValue(blockId: string, value: string | null): Record<string, unknown> {
  return { [blockId]: { [blockId]: { type: 'static_select', selected_option: value === null ? null : { value } } } };
}

/** Texts of every message pidbot posted in a thread (the requests' histories), oldest first. */
export function threadTexts(slack: Pick<LocalSlackApi, 'callsTo'>): string[] {
  return slack
    .callsTo('chat.postMessage')
    .filter((c) => c.args.thread_ts !== undefined)
    .map((c) => String(c.args.text));
}

/** Texts of every DM pidbot sent `userId`, oldest first. */
export function directTexts(slack: Pick<LocalSlackApi, 'callsTo'>, userId: string): string[] {
  return slack
    .callsTo('chat.postMessage')
    .filter((c) => c.args.channel === userId)
    .map((c) => String(c.args.text));
}
