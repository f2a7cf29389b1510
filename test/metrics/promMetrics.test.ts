import { describe, expect, it } from 'vitest';
import { createPromMetrics } from '../../src/metrics/promMetrics.js';
import type { StateGauges } from '../../src/ports/metrics.js';
import { parseExposition, sampleValue } from '../support/prometheusText.js';

const quiet: StateGauges = { requestsByStatus: [], outboxBacklog: 0, outboxSetAside: 0, openAlerts: 0 };

describe('the prom-client metrics', () => {
  it('counts and times mints, PID calls and job runs under their outcomes, and counts Slack calls by method', async () => {
    const metrics = createPromMetrics();
    metrics.startMint()('succeeded');
    metrics.startMint()('failed');
    metrics.startMint()('succeeded');
    metrics.startPidCall('sandbox', 'reserve')('ok');
    metrics.startPidCall('sandbox', 'publish')('provider_unavailable');
    metrics.slackCall('chat.postMessage', 'ok');
    metrics.slackCall('chat.postMessage', 'error');
    metrics.slackCall('views.open', 'ok');
    metrics.startJobRun('verify_sweep')('interrupted');

    const text = await metrics.render(quiet);
    expect(sampleValue(text, 'pidbot_mints_total', { outcome: 'succeeded' })).toBe(2);
    expect(sampleValue(text, 'pidbot_mints_total', { outcome: 'failed' })).toBe(1);
    expect(sampleValue(text, 'pidbot_mint_duration_seconds_count', { outcome: 'succeeded' })).toBe(2);
    expect(sampleValue(text, 'pidbot_mint_duration_seconds_bucket', { outcome: 'succeeded', le: '+Inf' })).toBe(2);
    expect(sampleValue(text, 'pidbot_pid_calls_total', { provider: 'sandbox', method: 'reserve', outcome: 'ok' })).toBe(
      1,
    );
    expect(
      sampleValue(text, 'pidbot_pid_calls_total', {
        provider: 'sandbox',
        method: 'publish',
        outcome: 'provider_unavailable',
      }),
    ).toBe(1);
    expect(
      sampleValue(text, 'pidbot_pid_call_duration_seconds_count', {
        provider: 'sandbox',
        method: 'publish',
        outcome: 'provider_unavailable',
      }),
    ).toBe(1);
    expect(sampleValue(text, 'pidbot_slack_calls_total', { method: 'chat.postMessage', outcome: 'ok' })).toBe(1);
    expect(sampleValue(text, 'pidbot_slack_calls_total', { method: 'chat.postMessage', outcome: 'error' })).toBe(1);
    expect(sampleValue(text, 'pidbot_slack_calls_total', { method: 'views.open', outcome: 'ok' })).toBe(1);
    expect(sampleValue(text, 'pidbot_job_runs_total', { job: 'verify_sweep', outcome: 'interrupted' })).toBe(1);
    expect(
      sampleValue(text, 'pidbot_job_run_duration_seconds_count', { job: 'verify_sweep', outcome: 'interrupted' }),
    ).toBe(1);
  });

  it('times from start to finish', async () => {
    const metrics = createPromMetrics();
    const finish = metrics.startPidCall('purl', 'read');
    await new Promise((resolve) => setTimeout(resolve, 60));
    finish('ok');
    const sum = sampleValue(await metrics.render(quiet), 'pidbot_pid_call_duration_seconds_sum', { method: 'read' });
    expect(sum).toBeGreaterThanOrEqual(0.05);
    expect(sum).toBeLessThan(5);
  });

  it('sets the gauges from the state of each scrape, dropping a status the next state no longer has', async () => {
    const metrics = createPromMetrics();
    const first = await metrics.render({
      requestsByStatus: [
        { status: 'Submitted', count: 4 },
        { status: 'Needs scan', count: 1 },
      ],
      outboxBacklog: 3,
      outboxSetAside: 2,
      openAlerts: 1,
    });
    expect(sampleValue(first, 'pidbot_requests', { status: 'Submitted' })).toBe(4);
    expect(sampleValue(first, 'pidbot_requests', { status: 'Needs scan' })).toBe(1);
    expect(sampleValue(first, 'pidbot_outbox_backlog')).toBe(3);
    expect(sampleValue(first, 'pidbot_outbox_set_aside')).toBe(2);
    expect(sampleValue(first, 'pidbot_open_alerts')).toBe(1);

    const second = await metrics.render({ ...quiet, requestsByStatus: [{ status: 'Submitted', count: 5 }] });
    expect(sampleValue(second, 'pidbot_requests', { status: 'Submitted' })).toBe(5);
    expect(sampleValue(second, 'pidbot_requests', { status: 'Needs scan' })).toBeUndefined();
    expect(sampleValue(second, 'pidbot_open_alerts')).toBe(0);
  });

  it('adds the process metrics only when asked, and keeps each registry to itself', async () => {
    const names = async (metrics: ReturnType<typeof createPromMetrics>) =>
      new Set(parseExposition(await metrics.render(quiet)).map((s) => s.name));
    const bot = createPromMetrics({ processMetrics: true });
    const other = createPromMetrics();
    bot.slackCall('chat.update', 'ok');

    const botNames = await names(bot);
    expect(botNames).toContain('process_cpu_user_seconds_total');
    expect(botNames).toContain('nodejs_eventloop_lag_seconds');
    expect(botNames).toContain('process_resident_memory_bytes');
    const otherNames = await names(other);
    expect([...otherNames].filter((name) => !name.startsWith('pidbot_'))).toEqual([]);
    expect(otherNames).not.toContain('pidbot_slack_calls_total');
    expect(bot.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  });
});
