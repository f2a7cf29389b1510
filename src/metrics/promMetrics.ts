/**
 * The metrics port over prom-client, one registry per core (tests run several
 * cores in one process). Counters and histograms are recorded as things
 * happen; the gauges of what the database holds are set at scrape time.
 */
import {
  AggregatorRegistry,
  Counter,
  collectDefaultMetrics,
  Gauge,
  Histogram,
  type MetricObjectWithValues,
  type MetricValue,
  Registry,
} from 'prom-client';
import type { Metrics, MetricsExporter, StateGauges } from '../ports/metrics.js';

export interface PromMetricsOptions {
  /** The process's own metrics (CPU, memory, event loop, GC); the bot process wants them, the CLI does not. */
  processMetrics?: boolean;
}

/** One registry's metrics as plain data (prom-client's JSON form), to cross to another thread and be aggregated there. */
export type MetricsSnapshot = MetricObjectWithValues<MetricValue<string>>[];

export interface PromMetrics extends Metrics, MetricsExporter {
  /** This registry's metrics as data; with `state`, the database gauges are set first. */
  snapshot(state?: StateGauges): Promise<MetricsSnapshot>;
}

export function createPromMetrics(options: PromMetricsOptions = {}): PromMetrics {
  const registry = new Registry();
  const registers = [registry];
  if (options.processMetrics) collectDefaultMetrics({ register: registry });

  const mints = new Counter({
    name: 'pidbot_mints_total',
    help: 'Mint attempts by outcome',
    labelNames: ['outcome'],
    registers,
  });
  const mintSeconds = new Histogram({
    name: 'pidbot_mint_duration_seconds',
    help: 'Mint attempts from the first step to completion or failure',
    labelNames: ['outcome'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers,
  });
  const pidCalls = new Counter({
    name: 'pidbot_pid_calls_total',
    help: 'Calls to the PID provider by method and outcome',
    labelNames: ['provider', 'method', 'outcome'],
    registers,
  });
  const pidCallSeconds = new Histogram({
    name: 'pidbot_pid_call_duration_seconds',
    help: 'Latency of calls to the PID provider, pacing and retries included',
    labelNames: ['provider', 'method', 'outcome'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const slackCalls = new Counter({
    name: 'pidbot_slack_calls_total',
    help: 'Slack Web API calls by method and outcome',
    labelNames: ['method', 'outcome'],
    registers,
  });
  const jobRuns = new Counter({
    name: 'pidbot_job_runs_total',
    help: 'Job runs by job and outcome',
    labelNames: ['job', 'outcome'],
    registers,
  });
  const jobRunSeconds = new Histogram({
    name: 'pidbot_job_run_duration_seconds',
    help: 'Job runs from start to their recorded outcome',
    labelNames: ['job', 'outcome'],
    buckets: [0.01, 0.1, 1, 5, 15, 60, 300, 900, 3600, 10800],
    registers,
  });
  const requests = new Gauge({
    name: 'pidbot_requests',
    help: 'Requests by status (from the database at scrape time)',
    labelNames: ['status'],
    registers,
  });
  const outboxBacklog = new Gauge({
    name: 'pidbot_outbox_backlog',
    help: 'Events waiting for delivery (to Slack)',
    registers,
  });
  const outboxSetAside = new Gauge({
    name: 'pidbot_outbox_set_aside',
    help: 'Events set aside after too many failed deliveries',
    registers,
  });
  const openAlerts = new Gauge({ name: 'pidbot_open_alerts', help: 'Alerts raised and not resolved', registers });
  const schedulerLeader = new Gauge({
    name: 'pidbot_scheduler_leader',
    help: '1 while this replica holds the scheduler lease and runs the cron jobs, else 0',
    registers,
  });

  return {
    startMint: () => timed(mints, mintSeconds, {}),
    startPidCall: (provider, method) => timed(pidCalls, pidCallSeconds, { provider, method }),
    slackCall(method, outcome) {
      slackCalls.inc({ method, outcome });
    },
    startJobRun: (job) => timed(jobRuns, jobRunSeconds, { job }),
    schedulerLeader(leading) {
      schedulerLeader.set(leading ? 1 : 0);
    },
    contentType: registry.contentType,
    async render(state: StateGauges) {
      setGauges(state);
      return registry.metrics();
    },
    async snapshot(state) {
      if (state) setGauges(state);
      return registry.getMetricsAsJSON();
    },
  };

  function setGauges(state: StateGauges): void {
    requests.reset();
    for (const { status, count } of state.requestsByStatus) requests.set({ status }, count);
    outboxBacklog.set(state.outboxBacklog);
    outboxSetAside.set(state.outboxSetAside);
    openAlerts.set(state.openAlerts);
  }
}

/**
 * Renders `own` summed with other threads' registries (the worker thread's:
 * its counters and histograms; its database gauges stay unset, so the sums are
 * this thread's readings). A thread that does not answer adds nothing.
 */
export function withOtherThreads(own: PromMetrics, others: () => Promise<MetricsSnapshot[]>): MetricsExporter {
  return {
    contentType: own.contentType,
    async render(state) {
      const snapshots = [await own.snapshot(state), ...(await others())];
      return AggregatorRegistry.aggregate(snapshots).metrics();
    },
  };
}

/** Starts `histogram`'s timer; the returned function counts the outcome in `counter` and observes the time under it. */
function timed(counter: Counter, histogram: Histogram, labels: Record<string, string>): (outcome: string) => void {
  const end = histogram.startTimer(labels);
  return (outcome) => {
    counter.inc({ ...labels, outcome });
    end({ outcome });
  };
}
