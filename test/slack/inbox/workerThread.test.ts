/**
 * The bot process in worker mode (the default): the main thread verifies,
 * answers a form that fails its pure check, persists and acknowledges; the
 * listener work, the notifications and their Slack calls happen in the worker
 * thread (its log lines carry `thread`, the main thread's do not).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { getPriority } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { type LocalSlackApi, startLocalSlackApi } from '../../../src/sandbox/slack/localSlackApi.js';
import { submitRequest } from '../../../src/services/requests/submitRequest.js';
import { ACTION, FIELD, VIEW } from '../../../src/slack/views/actionIds.js';
import { inboxRowCount } from '../../support/inboxFile.js';
import { expectInvariants } from '../../support/invariants.js';
import { directTexts, selectValue, sign, textValue, threadTexts } from '../../support/slackHarness.js';
import { BOT_FROM_SOURCE } from '../../support/sourceEntry.js';
import { CURATOR, createTestCore, RESEARCHER, type TestCore } from '../../support/testCore.js';
import { SCHED_OTHER, threadScheduling } from '../../support/threadScheduling.js';

const SECRET = 'worker-thread-test-signing-secret';
const CHANNEL = 'C0CURATION';
const PROCESSING = 'processing a Slack interaction from the inbox';

describe('the bot in worker mode', () => {
  let t: TestCore | undefined;
  let slack: LocalSlackApi | undefined;
  let child: ChildProcess | undefined;
  afterEach(async () => {
    child?.kill('SIGKILL');
    await slack?.close();
    await t?.dispose();
  });

  it('acks on the main thread and processes in the worker; a Status form missing its status is answered with errors and writes nothing', {
    timeout: 90_000,
  }, async () => {
    t = await createTestCore({ CURATION_CHANNEL_ID: CHANNEL });
    const core = t;
    slack = await startLocalSlackApi();
    const api = slack;
    // Submitted while the bot is down: the events wait in the outbox (this core's relay has no subscriber to run).
    const quiet = { ...core.deps, events: { ...core.deps.events, kick: () => undefined } };
    const [approved = 0, changed = 0] = await Promise.all(
      ['kelp', 'coral'].map(async (folder) => {
        core.makeFolder(RESEARCHER, folder);
        return (await submitRequest(quiet, { requesterId: RESEARCHER, folderPath: folder, type: 'DOI' })).id;
      }),
    );
    const bot = spawn(process.execPath, BOT_FROM_SOURCE, {
      cwd: t.root,
      env: {
        PATH: process.env.PATH ?? '',
        PORT: '0',
        LOG_LEVEL: 'debug',
        LOG_FORMAT: 'json',
        DATABASE_URL: t.config.databasePath,
        DATA_STORE_ROOT: t.storeRoot,
        CURATOR_USER_IDS: CURATOR,
        SLACK_BOT_TOKEN: 'xoxb-worker-test',
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: api.apiUrl,
        CURATION_CHANNEL_ID: CHANNEL,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child = bot;
    const exited = once(bot, 'exit') as Promise<[number | null, string | null]>;
    let stderr = '';
    bot.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const until = async (condition: () => boolean | Promise<boolean>, what: string, withinMs = 30_000) => {
      const deadline = Date.now() + withinMs;
      while (Date.now() < deadline) {
        if (await condition()) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`timed out waiting for ${what}:\n${stderr}`);
    };
    await until(() => /"msg":"pidbot is running"/.test(stderr), 'the bot to start');
    const port = Number(/"port":(\d+)[^\n]*"msg":"pidbot is running"/.exec(stderr)?.[1]);
    // By default the worker runs 10 nice steps below the main thread (SLACK_INBOX_WORKER_NICE=10), which keeps the process's.
    const mainNice = getPriority();
    const workerNice = Math.min(19, mainNice + 10);
    expect(stderr).toMatch(
      new RegExp(`"policy":"normal","nice":${workerNice}[^\n]*"msg":"the worker thread runs below the main thread"`),
    );
    const threads = threadScheduling(Number(bot.pid));
    expect(threads.get(Number(bot.pid))).toEqual({ nice: mainNice, policy: SCHED_OTHER });
    // Only the worker: threads started after it lowered itself do not inherit its nice value.
    expect([...threads.values()].filter((t) => t.nice === workerNice)).toEqual([
      { nice: workerNice, policy: SCHED_OTHER },
    ]);
    // The cards of the requests made while the bot was down: delivered by the worker's relay.
    const cards = () => api.callsTo('chat.postMessage').filter((c) => c.args.channel === CHANNEL && !c.args.thread_ts);
    await until(() => cards().length === 2, 'the two request cards');

    const post = async (payload: Record<string, unknown>) => {
      const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
      const timestamp = Math.floor(Date.now() / 1000);
      return fetch(`http://127.0.0.1:${port}/slack/events`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-slack-request-timestamp': String(timestamp),
          'x-slack-signature': sign(body, timestamp, SECRET),
        },
        body,
        signal: AbortSignal.timeout(5000),
      });
    };
    const base = { team: { id: 'T0TEST' }, user: { id: CURATOR }, api_app_id: 'A0TEST' };
    const submitView = (userId: string, callbackId: string, values: Record<string, unknown>, triggerId: string) =>
      post({
        ...base,
        user: { id: userId },
        type: 'view_submission',
        trigger_id: triggerId,
        view: {
          id: `V${triggerId}`,
          callback_id: callbackId,
          private_metadata: callbackId === VIEW.submitRequest ? '' : JSON.stringify({ requestId: changed }),
          state: { values },
        },
      });
    const submitStatus = (values: Record<string, unknown>, triggerId: string) =>
      submitView(CURATOR, VIEW.setStatus, values, triggerId);
    const inboxRows = async () => inboxRowCount(core.config.databasePath, 'all');
    const history = async (id: number) => (await core.deps.uow.repos.history.forRequest(id)).map((h) => h.toStatus);

    // A click: acknowledged empty, its effect (status change, thread line) comes from the worker.
    const clicked = await post({
      ...base,
      type: 'block_actions',
      trigger_id: 'trigger-approve',
      channel: { id: CHANNEL },
      container: { type: 'message', channel_id: CHANNEL },
      actions: [{ type: 'button', action_id: ACTION.approve, block_id: 'b', value: String(approved), action_ts: '1' }],
    });
    expect(clicked.status).toBe(200);
    expect(await clicked.text()).toBe('');
    await until(async () => (await history(approved)).includes('Approved'), 'the approval');
    await until(() => threadTexts(api).some((text) => text.includes('Approved')), 'the approval thread line');

    // A Status form without a status: answered from the main thread with the error; no inbox row, no change.
    const rowsBefore = await inboxRows();
    const refused = await submitStatus(textValue(FIELD.comment, 'no status picked'), 'trigger-empty');
    expect(await refused.json()).toEqual({
      response_action: 'errors',
      errors: { [FIELD.status]: 'Pick a status, or type a new one below.' },
    });
    expect(await inboxRows()).toBe(rowsBefore);
    expect(await history(changed)).toEqual(['Submitted']);

    // A valid one: acknowledged empty, persisted, and processed by the worker (history row, thread line).
    const saved = await submitStatus(
      { ...selectValue(FIELD.status, 'Submitted'), ...textValue(FIELD.newStatus, 'Needs licence') },
      'trigger-valid',
    );
    expect(saved.status).toBe(200);
    expect(await saved.text()).toBe('');
    expect(await inboxRows()).toBe(rowsBefore + 1);
    await until(async () => (await history(changed)).includes('Needs licence'), 'the status change');
    await until(() => threadTexts(api).some((text) => text.includes('Needs licence')), 'the status thread line');

    // A form the database turns down (the submitter is no curator) was acknowledged already: refused by DM.
    const notCurator = await submitView(
      RESEARCHER,
      VIEW.setStatus,
      selectValue(FIELD.status, 'Approved'),
      'trigger-not-curator',
    );
    expect(await notCurator.text()).toBe('');
    await until(
      () => directTexts(api, RESEARCHER).some((text) => text.startsWith(':no_entry: Not allowed')),
      'the refusal by DM',
    );
    expect(await history(changed)).toEqual(['Submitted', 'Needs licence']);

    // The Request form stays on the ack path (main thread, no inbox row); the worker's relay is kicked at once
    // and posts its card (its own redelivery tick would take 30 s).
    core.makeFolder(RESEARCHER, 'reef');
    const rowsBeforeRequest = await inboxRows();
    const requested = await submitView(
      RESEARCHER,
      VIEW.submitRequest,
      { ...selectValue(FIELD.folderSelect, 'reef'), ...selectValue(FIELD.type, 'DOI') },
      'trigger-request',
    );
    expect(requested.status).toBe(200);
    expect(await requested.text()).toBe('');
    expect(await inboxRows()).toBe(rowsBeforeRequest);
    await until(() => cards().length === 3, 'the new request card', 10_000);

    // GET /metrics sums the worker's registry in: the main thread posted no message itself.
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toMatch(/^pidbot_slack_calls_total\{method="chat\.postMessage",outcome="ok"\} [1-9]/m);

    // Every row was processed on the worker thread (threadId ≠ 0), none on the main thread.
    const processing = stderr.split('\n').filter((line) => line.includes(`"msg":"${PROCESSING}"`));
    expect(processing).toHaveLength(3);
    for (const line of processing) expect(line).toMatch(/"thread":[1-9]\d*/);
    // The listeners' Slack calls are the worker's: the main thread's Bolt client made none but auth.test.
    const boltCalls = (onWorker: boolean) =>
      stderr
        .split('\n')
        .filter((line) => line.includes('"component":"bolt"') && line.includes('"thread"') === onWorker)
        .filter((line) => /apiCall\('(?!auth\.test)/.test(line));
    // The calls are logged at all (else the next check would hold whatever the threads did).
    expect(boltCalls(true).length).toBeGreaterThan(0);
    expect(boltCalls(false)).toEqual([]);

    bot.kill('SIGTERM');
    const [code] = await exited;
    expect(code).toBe(0);
    expect(stderr).toMatch(/"thread":[1-9]\d*[^\n]*"msg":"scheduler stopped"/);
    await expectInvariants(core);
  });
});
