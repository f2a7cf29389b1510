/** `GET /metrics` on the bot's port: Prometheus text, behind METRICS_TOKEN, showing what the bot did and what the database holds. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/logging/logger.js';
import { createPromMetrics } from '../../src/metrics/promMetrics.js';
import { launchStatusCheck } from '../../src/services/monitoring/checkSystemStatus.js';
import { submitRequest } from '../../src/services/requests/submitRequest.js';
import { MAX_DELIVERY_ATTEMPTS } from '../../src/services/runtime/eventRelay.js';
import { ACTION } from '../../src/slack/views/actionIds.js';
import { metricsRoute } from '../../src/web/metricsRoute.js';
import { routeRequests } from '../../src/web/webRoute.js';
import { sampleValue } from '../support/prometheusText.js';
import { type SlackHarness, startSlackHarness } from '../support/slackHarness.js';
import { CURATOR, RESEARCHER } from '../support/testCore.js';

const TOKEN = 'metrics-token-0123456789abcdef';

describe('GET /metrics', () => {
  let h: SlackHarness;
  afterEach(() => h.close());

  const scrape = (headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) =>
    fetch(new URL('/metrics', h.url), { headers, signal: AbortSignal.timeout(5000) });
  const metricsText = async () => {
    const response = await scrape();
    expect(response.status).toBe(200);
    return response.text();
  };

  it('wants the bearer token when METRICS_TOKEN is set', async () => {
    h = await startSlackHarness({ METRICS_TOKEN: TOKEN });
    for (const headers of [
      {} as Record<string, string>,
      { authorization: 'Bearer not-the-token' },
      { authorization: `Basic ${TOKEN}` },
      { authorization: `Bearer ${TOKEN}x` },
    ]) {
      const refused = await scrape(headers);
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="pidbot metrics"');
      expect(await refused.text()).not.toContain('pidbot_');
    }
    const answered = await scrape();
    expect(answered.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await answered.text()).toMatch(/^# HELP pidbot_/m);
  });

  it('is open when no METRICS_TOKEN is set', async () => {
    h = await startSlackHarness();
    const response = await scrape({});
    expect(response.status).toBe(200);
    expect(sampleValue(await response.text(), 'pidbot_requests', { status: 'Submitted' })).toBe(0);
  });

  it('after a failed and a completed mint through the sandbox: the mints by outcome, their durations, the PID calls, the Slack calls and the requests by status', async () => {
    h = await startSlackHarness({ METRICS_TOKEN: TOKEN });
    h.t.makeFolder(RESEARCHER, 'coral-reef', 'valid-dataset-national-gallery.json');
    const { id } = await submitRequest(h.t.deps, { requesterId: RESEARCHER, folderPath: 'coral-reef', type: 'DOI' });
    const status = async () => (await h.t.deps.uow.repos.requests.findById(id))?.status;

    const before = await metricsText();
    expect(sampleValue(before, 'pidbot_requests', { status: 'Submitted' })).toBe(1);
    expect(sampleValue(before, 'pidbot_mints_total', { outcome: 'succeeded' })).toBeUndefined();

    h.t.purl.faults.failNext('update', 'statusCodeInBody');
    await h.click(CURATOR, ACTION.mint, String(id));
    await h.until(async () => (await status()) === 'Failed', 'the failed mint');
    await h.click(CURATOR, ACTION.mint, String(id));
    await h.until(async () => (await status()) === 'Completion', 'the completed mint');
    await h.settle();

    const text = await metricsText();
    expect(sampleValue(text, 'pidbot_mints_total', { outcome: 'failed' })).toBe(1);
    expect(sampleValue(text, 'pidbot_mints_total', { outcome: 'succeeded' })).toBe(1);
    expect(sampleValue(text, 'pidbot_mint_duration_seconds_count', { outcome: 'succeeded' })).toBe(1);
    expect(sampleValue(text, 'pidbot_mint_duration_seconds_bucket', { outcome: 'succeeded', le: '+Inf' })).toBe(1);
    expect(sampleValue(text, 'pidbot_mint_duration_seconds_sum', { outcome: 'succeeded' })).toBeGreaterThan(0);

    const pidCalls = (method: string, outcome: string) =>
      sampleValue(text, 'pidbot_pid_calls_total', { provider: 'sandbox', method, outcome });
    expect(pidCalls('reserve', 'ok')).toBe(1);
    expect(pidCalls('publish', 'ok')).toBe(1);
    expect(
      sampleValue(text, 'pidbot_pid_call_duration_seconds_count', {
        provider: 'sandbox',
        method: 'publish',
        outcome: 'ok',
      }),
    ).toBe(1);
    const failedPublishes = text
      .split('\n')
      .filter((line) => /^pidbot_pid_calls_total\{[^}]*method="publish"/.test(line) && !line.includes('outcome="ok"'));
    expect(failedPublishes).toEqual([expect.stringMatching(/outcome="provider_\w+"[^}]*\} 1$/)]);

    const slackOk = (method: string) => sampleValue(text, 'pidbot_slack_calls_total', { method, outcome: 'ok' }) ?? 0;
    expect(slackOk('chat.postMessage')).toBe(h.slack.callsTo('chat.postMessage').length);
    expect(slackOk('chat.postEphemeral')).toBe(h.slack.callsTo('chat.postEphemeral').length);
    expect(slackOk('chat.postMessage')).toBeGreaterThan(0);

    expect(sampleValue(text, 'pidbot_requests', { status: 'Completion' })).toBe(1);
    expect(sampleValue(text, 'pidbot_requests', { status: 'Submitted' })).toBe(0);
    expect(sampleValue(text, 'pidbot_requests', { status: 'Failed' })).toBe(0);
  });

  it('shows the outbox backlog, the events set aside, Slack errors, job runs and open alerts', async () => {
    h = await startSlackHarness({ METRICS_TOKEN: TOKEN });
    const quiet = await metricsText();
    expect(sampleValue(quiet, 'pidbot_outbox_backlog')).toBe(0);
    expect(sampleValue(quiet, 'pidbot_outbox_set_aside')).toBe(0);
    expect(sampleValue(quiet, 'pidbot_open_alerts')).toBe(0);

    // Slack refuses the channel post: the submission's event stays in the outbox.
    h.slack.failNext('chat.postMessage', { error: 'channel_not_found' }, 1000);
    h.t.makeFolder(RESEARCHER, 'estuary');
    await submitRequest(h.t.deps, { requesterId: RESEARCHER, folderPath: 'estuary', type: 'DOI' });
    await h.until(
      async () => (await h.t.deps.uow.repos.outbox.undelivered(10, MAX_DELIVERY_ATTEMPTS)).some((e) => e.attempts > 0),
      'the failed delivery',
    );
    await h.t.deps.events.idle();
    const backlog = await metricsText();
    expect(sampleValue(backlog, 'pidbot_outbox_backlog')).toBe(1);
    expect(sampleValue(backlog, 'pidbot_outbox_set_aside')).toBe(0);
    expect(
      sampleValue(backlog, 'pidbot_slack_calls_total', { method: 'chat.postMessage', outcome: 'error' }),
    ).toBeGreaterThan(0);

    const [stored] = await h.t.deps.uow.repos.outbox.undelivered(10, MAX_DELIVERY_ATTEMPTS);
    for (let attempt = stored!.attempts; attempt < MAX_DELIVERY_ATTEMPTS; attempt++)
      await h.t.deps.uow.repos.outbox.markFailed(stored!.id, 'channel_not_found');
    const setAside = await metricsText();
    expect(sampleValue(setAside, 'pidbot_outbox_backlog')).toBe(0);
    expect(sampleValue(setAside, 'pidbot_outbox_set_aside')).toBe(1);

    h.t.purl.faults.down('resolver');
    await (await launchStatusCheck(h.t.deps, 'test', { remindAfterMs: 3_600_000 })).finished;
    const alerting = await metricsText();
    expect(sampleValue(alerting, 'pidbot_open_alerts')).toBe(1);
    expect(sampleValue(alerting, 'pidbot_job_runs_total', { job: 'status_check', outcome: 'succeeded' })).toBe(1);
    expect(
      sampleValue(alerting, 'pidbot_job_run_duration_seconds_count', { job: 'status_check', outcome: 'succeeded' }),
    ).toBe(1);
    expect(
      sampleValue(alerting, 'pidbot_pid_calls_total', { provider: 'sandbox', method: 'status', outcome: 'ok' }),
    ).toBe(1);
  });
});

describe('the metrics route', () => {
  it('answers 503 and logs the error when the database cannot be read', async () => {
    const logger = createMemoryLogger();
    const route = metricsRoute({
      exporter: createPromMetrics(),
      state: () => Promise.reject(new Error('database is locked')),
      logger,
    });
    const server = createServer(routeRequests([route]));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`, {
        signal: AbortSignal.timeout(5000),
      });
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ error: 'could not read the metrics' });
      expect(JSON.parse(logger.lines[0]!)).toMatchObject({
        level: 'error',
        msg: 'serving metrics failed',
        err: { message: 'database is locked' },
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
