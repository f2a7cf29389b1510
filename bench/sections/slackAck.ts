/**
 * Slack acknowledgement latency: pidbot as production runs it (worker mode:
 * the main thread verifies, persists to the inbox and acks; a worker thread
 * with its own database connection runs the listeners and notifications),
 * over a real core (temp SQLite file, temp data store, PURL sandbox; the local
 * Slack API stand-in), loaded with correctly signed Slack requests — button
 * clicks (Details, Approve, Status…), slash commands (`/pid list`,
 * `/pid codes`) and Status-modal submissions — open-loop at each rate for a
 * fixed time, in rounds. Side by side, the same request stream goes to a bare
 * Bolt app (same HTTPReceiver, same signing secret, in this process's main
 * thread) whose listeners only ack; the two take turns, round by round, and
 * each one's samples are pooled over the rounds. The figure is the time to
 * HTTP 200 from each request's scheduled send; the load generator runs in a
 * child process. Work after the ack (Slack calls to the stand-in) drains
 * after each of pidbot's rounds.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { startBot } from '../../src/bot.js';
import { createShutdown } from '../../src/shutdown.js';
import { ACTION, FIELD, VIEW } from '../../src/slack/views/actionIds.js';
import { inboxRowCount } from '../../test/support/inboxFile.js';
import { buttonClickPayload, viewSubmissionPayload } from '../../test/support/slackPayloads.js';
import type { BenchRow } from '../benchRow.js';
import { BENCH_CURATOR, type BenchCore, createBenchCore } from '../support/benchCore.js';
import type {
  LoadJob,
  LoadRequest,
  LoadResult,
  SaturationJob,
  SaturationResult,
} from '../support/slackLoadGenerator.js';
import { type SlackStandIn, startSlackStandInProcess } from '../support/slackStandInProcess.js';
import { bootstrapRatioInterval, round, seededRandom, sleep, summarise } from '../support/stats.js';

const SECTION = 'slack ack';
/**
 * A full collection of this process's main heap (both apps' acks run there)
 * before every round of either app: garbage left by earlier rounds, the
 * drains' polling and the set-up is not collected in the middle of whichever
 * round comes next (mark-compacts of 19–70 ms were seen inside rounds). What
 * a round allocates itself is still collected within it.
 */
let gc: (() => void) | undefined;
function collectGarbage(): void {
  if (gc === undefined) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}
/** BENCH_SLACK_RATES=500 (comma-separated) runs only those rates, e.g. while profiling. */
const RATES = (process.env.BENCH_SLACK_RATES ?? '50,200,500')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const DURATION_MS = 5_000;
/**
 * Rounds per rate, baseline and pidbot alternating, the samples pooled: the
 * p99 of one 5 s run (the 3rd-slowest of 250 at 50/s) swings by half on this
 * machine from run to run, either way. At least 3 rounds, and enough for
 * MIN_SAMPLES requests per app (10 rounds at 50/s), so each p99 is the 25th
 * slowest or further in; BENCH_SLACK_ROUNDS sets one number for every rate.
 */
const MIN_SAMPLES = 2_500;
function roundsAt(rate: number): number {
  if (process.env.BENCH_SLACK_ROUNDS) return Number(process.env.BENCH_SLACK_ROUNDS);
  return Math.max(3, Math.ceil(MIN_SAMPLES / ((rate * DURATION_MS) / 1000)));
}
/** Closed-loop saturation: senders, run time and rounds, and requests prepared per app and round (each its own trigger id). */
const SATURATION = {
  connections: 32,
  rounds: Number(process.env.BENCH_SLACK_SATURATION_ROUNDS ?? 2),
  durationMs: Number(process.env.BENCH_SLACK_SATURATION_MS ?? 5_000),
  requests: 40_000,
};
const WARMUP = { rate: 100, durationMs: 2_000 };
const SEEDED_REQUESTS = 100;
export const SIGNING_SECRET = 'bench-signing-secret-0123456789abcdef';
export const CHANNEL = 'C0BENCHCURATION';
/** Slack's limit for an acknowledgement. */
const SLACK_ACK_LIMIT_MS = 3_000;
/** A saturation round leaves a backlog of tens of thousands: drained before the baseline's next round, at most this long. */
const DRAIN_LIMIT_MS = 600_000;
/** Spacing of posts to one channel; production's 1100 ms would take hours to drain this much traffic (see the note). */
const PER_CHANNEL_INTERVAL_MS = 5;

/** The request mix, by weight. */
const MIX: [kind: string, weight: number][] = [
  ['click Details', 25],
  ['click Approve', 10],
  ['click Status…', 10],
  ['/pid list', 15],
  ['/pid codes', 15],
  ['submit Status modal', 25],
];
const STATUSES = ['Submitted', 'Approved', 'Failed'];

let uniqueCounter = 0;
const unique = () => `${Date.now().toString(36)}${(++uniqueCounter).toString(36)}`;

function interactive(payload: Record<string, unknown>): Pick<LoadRequest, 'body' | 'contentType'> {
  return {
    body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
    contentType: 'application/x-www-form-urlencoded',
  };
}

/** `count` requests of the mix, each with its own trigger id (pidbot drops repeats of one interaction). */
export function requestStream(count: number, requestIds: number[], slack: SlackStandIn, seed: number): LoadRequest[] {
  const random = seededRandom(seed);
  const totalWeight = MIX.reduce((sum, [, w]) => sum + w, 0);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const stream: LoadRequest[] = [];
  for (let i = 0; i < count; i++) {
    const r = random() * totalWeight;
    let below = 0;
    const kind =
      MIX.find(([, w]) => {
        below += w;
        return r < below;
      })?.[0] ?? 'click Details';
    const triggerId = `trigger-${unique()}`;
    const requestId = pick(requestIds);
    const button = (actionId: string) =>
      interactive(
        buttonClickPayload({
          teamId: 'T0BENCH',
          appId: 'A0BENCH',
          userId: BENCH_CURATOR,
          triggerId,
          channelId: CHANNEL,
          actionId,
          value: String(requestId),
          blockId: 'request_actions',
        }),
      );
    const command = (text: string) => ({
      body: new URLSearchParams({
        token: 'legacy',
        team_id: 'T0BENCH',
        channel_id: CHANNEL,
        user_id: BENCH_CURATOR,
        command: '/pid',
        text,
        response_url: slack.responseUrl(i),
        trigger_id: triggerId,
        api_app_id: 'A0BENCH',
      }).toString(),
      contentType: 'application/x-www-form-urlencoded',
    });
    let made: Pick<LoadRequest, 'body' | 'contentType'>;
    switch (kind) {
      case 'click Approve':
        made = button(ACTION.approve);
        break;
      case 'click Status…':
        made = button(ACTION.openStatus);
        break;
      case '/pid list':
        made = command('list');
        break;
      case '/pid codes':
        made = command('codes');
        break;
      case 'submit Status modal':
        made = interactive(
          viewSubmissionPayload({
            teamId: 'T0BENCH',
            appId: 'A0BENCH',
            userId: BENCH_CURATOR,
            triggerId,
            viewId: `V${unique()}`,
            callbackId: VIEW.setStatus,
            privateMetadata: JSON.stringify({ requestId }),
            values: {
              [FIELD.status]: {
                [FIELD.status]: { type: 'static_select', selected_option: { value: pick(STATUSES) } },
              },
              [FIELD.comment]: { [FIELD.comment]: { type: 'plain_text_input', value: 'load test' } },
            },
          }),
        );
        break;
      default:
        made = button(ACTION.details);
    }
    stream.push({ kind, ...made });
  }
  return stream;
}

/** The baseline: a bare Bolt app on the same receiver settings whose listeners only ack. */
async function startBaseline(apiUrl: string): Promise<{ url: string; stop(): Promise<void> }> {
  const receiver = new HTTPReceiver({
    signingSecret: SIGNING_SECRET,
    endpoints: '/slack/events',
    processBeforeResponse: false,
    logLevel: LogLevel.ERROR,
  });
  const app = new App({
    token: 'xoxb-bench-baseline',
    receiver,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: apiUrl },
  });
  app.action(/.*/, async ({ ack }) => {
    await ack();
  });
  app.command('/pid', async ({ ack }) => {
    await ack();
  });
  app.view(VIEW.setStatus, async ({ ack }) => {
    await ack();
  });
  const server = (await app.start(0)) as Server;
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`,
    stop: () => app.stop() as Promise<void>,
  };
}

export function startGenerator(): ChildProcess {
  return fork(new URL('../support/slackLoadGenerator.ts', import.meta.url), [], {
    execArgv: ['--import', import.meta.resolve('tsx')],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

export function load(generator: ChildProcess, url: string, rate: number, requests: LoadRequest[]): Promise<LoadResult> {
  return ask(generator, { type: 'run', url, signingSecret: SIGNING_SECRET, rate, requests });
}

/** One job to the generator, its one answer back. */
function ask<T>(generator: ChildProcess, job: LoadJob | SaturationJob): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: T) => {
      generator.off('exit', onExit);
      resolve(message);
    };
    const onExit = (code: number | null) => {
      generator.off('message', onMessage);
      reject(new Error(`the load generator exited (${code}) during a run`));
    };
    generator.once('message', onMessage);
    generator.once('exit', onExit);
    generator.send(job);
  });
}

/**
 * Waits (bounded) until pidbot's work after the acks is done: inbox processed,
 * outbox delivered (both by the worker thread), no Slack call for a while.
 * Returns the seconds it took; throws past the bound.
 */
async function drain(core: BenchCore, slack: SlackStandIn): Promise<number> {
  const started = performance.now();
  const outbox = core.database.sqlite.prepare(
    'select count(*) from outbox_events where delivered_at is null and attempts < 8',
  );
  const pending = () => (outbox.pluck().get() as number) + inboxRowCount(core.config.databasePath, 'unprocessed');
  let last = -1;
  let quietSince = performance.now();
  while (performance.now() - started < DRAIN_LIMIT_MS) {
    const calls = await slack.callCount();
    const unfinished = pending();
    if (calls !== last || unfinished > 0) {
      last = calls;
      quietSince = performance.now();
    } else if (performance.now() - quietSince > 500) return (performance.now() - started - 500) / 1000;
    await sleep(50);
  }
  // Measuring on would load the next run with this one's work.
  throw new Error(`pidbot's work after the acks did not drain within ${DRAIN_LIMIT_MS / 1000} s`);
}

interface Measured {
  all: number[];
  byKind: Record<string, number[]>;
  errors: number;
  errorText: string;
  sendLagP99: number;
  newConnections: number;
  connectMaxMs: number;
  loopDelayP99: number;
  loopDelayMax: number;
  cpuShare: number;
}

async function measure(generator: ChildProcess, url: string, rate: number, requests: LoadRequest[]): Promise<Measured> {
  collectGarbage();
  const loop = monitorEventLoopDelay({ resolution: 5 });
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  loop.enable();
  const result = await load(generator, url, rate, requests);
  loop.disable();
  const cpu = process.cpuUsage(cpuBefore);
  const wall = performance.now() - wallBefore;
  const errors = Object.values(result.errors).reduce((a, b) => a + b, 0);
  const byKind: Record<string, number[]> = {};
  for (const [i, ms] of result.latencies.entries()) {
    const kind = requests[i]?.kind ?? '?';
    const samples = byKind[kind] ?? [];
    if (ms >= 0) samples.push(ms);
    byKind[kind] = samples;
  }
  if (process.env.BENCH_SLACK_TRACE) {
    const file = `${process.env.BENCH_SLACK_TRACE}-${url.includes(':') ? new URL(url).port : 'x'}-${rate}.csv`;
    writeFileSync(
      file,
      `i,scheduledMs,kind,latencyMs\n${result.latencies.map((ms, i) => `${i},${round((i * 1000) / rate, 1)},${requests[i]?.kind},${round(ms, 2)}`).join('\n')}\n`,
    );
  }
  return {
    all: result.latencies.filter((ms) => ms >= 0),
    byKind,
    errors,
    errorText: Object.entries(result.errors)
      .map(([what, n]) => `${n}× ${what}`)
      .join(', '),
    sendLagP99: result.sendLagP99,
    newConnections: result.newConnections,
    connectMaxMs: result.connectMaxMs,
    loopDelayP99: loop.percentile(99) / 1e6,
    loopDelayMax: loop.max / 1e6,
    cpuShare: (cpu.user + cpu.system) / 1000 / wall,
  };
}

/** Rounds of one app at one rate as one measurement: samples and errors pooled, the worst round's delays, the mean CPU. */
function pooled(rounds: Measured[]): Measured {
  const byKind: Record<string, number[]> = {};
  for (const r of rounds)
    for (const [kind, samples] of Object.entries(r.byKind)) byKind[kind] = [...(byKind[kind] ?? []), ...samples];
  const worst = (pick: (m: Measured) => number) => Math.max(...rounds.map(pick));
  return {
    all: rounds.flatMap((r) => r.all),
    byKind,
    errors: rounds.reduce((n, r) => n + r.errors, 0),
    errorText: rounds
      .map((r) => r.errorText)
      .filter(Boolean)
      .join('; '),
    sendLagP99: worst((m) => m.sendLagP99),
    newConnections: rounds.reduce((n, r) => n + r.newConnections, 0),
    connectMaxMs: worst((m) => m.connectMaxMs),
    loopDelayP99: worst((m) => m.loopDelayP99),
    loopDelayMax: worst((m) => m.loopDelayMax),
    cpuShare: rounds.reduce((n, r) => n + r.cpuShare, 0) / rounds.length,
  };
}

/** Saturation rounds of one app as one: acks and time summed. */
function pooledSaturation(rounds: SaturationResult[]): SaturationResult {
  const acks = rounds.reduce((n, r) => n + r.acks, 0);
  const wallMs = rounds.reduce((n, r) => n + r.wallMs, 0);
  return {
    type: 'saturated',
    acks,
    wallMs,
    acksPerSecond: (acks * 1000) / wallMs,
    errors: rounds.reduce((n, r) => n + r.errors, 0),
    exhausted: rounds.some((r) => r.exhausted),
  };
}

/**
 * Closed loop: each of `SATURATION.connections` senders sends its next signed
 * request as soon as the last is answered. The baseline and pidbot get the
 * same stream, taking turns for `SATURATION.rounds` rounds, pidbot's work
 * after the acks drained after each of its rounds (so it never loads the
 * baseline's next); acks/s is each one's acks over its time, all rounds.
 */
async function saturation(
  generator: ChildProcess,
  urls: { baseline: string; pidbot: string },
  requestIds: number[],
  slack: SlackStandIn,
  core: BenchCore,
): Promise<BenchRow[]> {
  const job = (url: string, stream: LoadRequest[]): SaturationJob => ({
    type: 'saturate',
    url,
    signingSecret: SIGNING_SECRET,
    connections: SATURATION.connections,
    durationMs: SATURATION.durationMs,
    requests: stream,
  });
  const baseRounds: SaturationResult[] = [];
  const botRounds: SaturationResult[] = [];
  let drainS = 0;
  for (let round = 0; round < SATURATION.rounds; round++) {
    const stream = requestStream(SATURATION.requests, requestIds, slack, 7 + round);
    collectGarbage();
    baseRounds.push(await ask<SaturationResult>(generator, job(urls.baseline, stream)));
    collectGarbage();
    botRounds.push(await ask<SaturationResult>(generator, job(urls.pidbot, stream)));
    drainS = Math.max(drainS, await drain(core, slack));
  }
  const base = pooledSaturation(baseRounds);
  const bot = pooledSaturation(botRounds);
  const label = `closed loop, ${SATURATION.connections} connections, ${SATURATION.rounds} × ${SATURATION.durationMs / 1000} s`;
  const note = (r: SaturationResult) =>
    `${r.acks} acks, ${r.errors} errors in ${round(r.wallMs / 1000, 1)} s${r.exhausted ? ' (ran out of prepared requests)' : ''}`;
  return [
    {
      section: SECTION,
      metric: `${label}: sustained acks/s`,
      value: round(bot.acksPerSecond, 0),
      unit: 'acks/s',
      target: `baseline ${round(base.acksPerSecond, 0)} acks/s`,
      note: `pidbot ${note(bot)}, work after the acks drained at most ${round(drainS, 1)} s after a round; baseline ${note(base)}`,
    },
    {
      section: SECTION,
      metric: `${label}: acks/s ratio pidbot/baseline`,
      value: round(bot.acksPerSecond / base.acksPerSecond, 2),
      unit: '×',
      target: '≥ 0.9',
    },
  ];
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const core = await createBenchCore({
    CURATION_CHANNEL_ID: CHANNEL,
    // The setting for a host that runs pidbot alone (README), unless the bench's environment sets another.
    SLACK_INBOX_WORKER_NICE: process.env.SLACK_INBOX_WORKER_NICE || 'idle',
  });
  // This core seeds and reads; the bot's worker thread delivers the outbox. Without subscribers here, a
  // delivery round of this core's relay would mark the events delivered and no card would be posted.
  core.deps.events.kick = () => undefined;
  const slack = await startSlackStandInProcess();
  const shutdown = createShutdown({ logger: core.deps.logger, deadlineMs: 30_000 });
  let baseline: { url: string; stop(): Promise<void> } | undefined;
  const generator = startGenerator();
  try {
    // Requests to click on, made before the bot starts: its worker posts each to the channel (so status
    // changes update a message in place).
    const requestIds = (await core.seedRequests(SEEDED_REQUESTS, 'ack')).map((r) => r.id);
    const pidbot = await startBot(
      {
        // Warnings only: the worker writes its lines to stderr, which would fill the bench's output.
        config: { ...core.config, port: 0, inboxWorker: true, logLevel: 'warn' },
        slack: {
          botToken: 'xoxb-bench-pidbot',
          connection: { mode: 'http', signingSecret: SIGNING_SECRET },
          apiUrl: slack.apiUrl,
          curationChannelId: CHANNEL,
        },
        inSandbox: false,
        // The stand-in has no rate limits; production pacing would leave the work after the acks draining for hours.
        // One bench curator opens every modal, so the per-user views.open budget is lifted too.
        poster: {
          perChannelIntervalMs: PER_CHANNEL_INTERVAL_MS,
          tierLimits: false,
          viewsOpenPerUserPerMinute: Number.MAX_SAFE_INTEGER,
        },
      },
      core.deps.logger,
      shutdown,
    );
    shutdown.started();
    baseline = await startBaseline(slack.apiUrl);
    const pidbotUrl = `http://127.0.0.1:${pidbot.port}/slack/events`;
    await drain(core, slack);

    // Warm-up of both apps (JIT, connections, statement caches); not recorded.
    const warmCount = (WARMUP.rate * WARMUP.durationMs) / 1000;
    await load(generator, baseline.url, WARMUP.rate, requestStream(warmCount, requestIds, slack, 1));
    await load(generator, pidbotUrl, WARMUP.rate, requestStream(warmCount, requestIds, slack, 1));
    await drain(core, slack);

    for (const rate of RATES) {
      const count = (rate * DURATION_MS) / 1000;
      const baseRounds: Measured[] = [];
      const botRounds: Measured[] = [];
      let slackCalls = 0;
      let drainS = 0;
      const rounds = roundsAt(rate);
      for (let round = 0; round < rounds; round++) {
        // The identical stream (bodies, kinds, order) for both; fresh trigger ids per rate and round.
        const stream = requestStream(count, requestIds, slack, rate * 100 + round);
        baseRounds.push(await measure(generator, baseline.url, rate, stream));
        const callsBefore = await slack.callCount();
        botRounds.push(await measure(generator, pidbotUrl, rate, stream));
        // Drained before the next baseline round, so pidbot's work after the acks never loads the baseline's.
        drainS = Math.max(drainS, await drain(core, slack));
        slackCalls += (await slack.callCount()) - callsBefore;
      }
      const base = pooled(baseRounds);
      const bot = pooled(botRounds);

      const b = summarise(base.all);
      const p = summarise(bot.all);
      const label = `${rate}/s, ${rounds} × ${DURATION_MS / 1000} s (${rounds * count} requests)`;
      const diag = (m: Measured) =>
        `main-process event-loop delay p99 ${round(m.loopDelayP99, 1)} ms (worst round) / max ${round(m.loopDelayMax, 0)} ms, CPU ${round(m.cpuShare * 100, 0)}% of a core`;
      rows.push(
        {
          section: SECTION,
          metric: `${label}: p50`,
          value: round(p.p50, 2),
          unit: 'ms',
          target: `baseline ${round(b.p50, 2)} ms`,
        },
        {
          section: SECTION,
          metric: `${label}: p95`,
          value: round(p.p95, 2),
          unit: 'ms',
          target: `baseline ${round(b.p95, 2)} ms`,
        },
        {
          section: SECTION,
          metric: `${label}: p99`,
          value: round(p.p99, 2),
          unit: 'ms',
          target: `baseline ${round(b.p99, 2)} ms`,
          note: `pidbot max ${round(p.max, 1)} ms; ${diag(bot)} (baseline: ${diag(base)})`,
        },
        {
          section: SECTION,
          metric: `${label}: p99 ratio pidbot/baseline`,
          value: round(p.p99 / b.p99, 2),
          unit: '×',
          target: '≤ 1.2',
          note: `90% bootstrap interval ${bootstrapRatioInterval(bot.all, base.all, 99)
            .map((r) => round(r, 2))
            .join('–')} (each app's samples resampled 400 times)`,
        },
        {
          section: SECTION,
          metric: `${label}: headroom under Slack's 3 s (3000 − p99)`,
          value: round(SLACK_ACK_LIMIT_MS - p.p99, 0),
          unit: 'ms',
          target: '> 0',
        },
        {
          section: SECTION,
          metric: `${label}: errors (non-200 or no answer)`,
          value: bot.errors,
          unit: 'requests',
          target: `baseline ${base.errors}`,
          note: `${[bot.errorText, base.errorText && `baseline: ${base.errorText}`].filter(Boolean).join('; ') || 'all 200'}; work after the acks: ${slackCalls} Slack calls, drained at most ${round(drainS, 1)} s after a round; generator send lag p99 ${round(bot.sendLagP99, 1)} ms, ${bot.newConnections} new connections (slowest connect ${round(bot.connectMaxMs, 0)} ms; baseline ${base.newConnections}, ${round(base.connectMaxMs, 0)} ms)`,
        },
        {
          section: SECTION,
          metric: `${label}: p99 by kind`,
          value: Object.entries(bot.byKind)
            .sort(([a], [b2]) => a.localeCompare(b2))
            .map(([kind, xs]) => `${kind} ${round(summarise(xs).p99, 1)}`)
            .join(', '),
          unit: 'ms',
          target: `baseline ${Object.entries(base.byKind)
            .sort(([a], [b2]) => a.localeCompare(b2))
            .map(([kind, xs]) => `${kind} ${round(summarise(xs).p99, 1)}`)
            .join(', ')}`,
        },
      );
    }
    rows.push(...(await saturation(generator, { baseline: baseline.url, pidbot: pidbotUrl }, requestIds, slack, core)));
    rows.push({
      section: SECTION,
      metric: 'set-up',
      value: `${SEEDED_REQUESTS} requests, mix ${MIX.map(([k, w]) => `${k} ${w}%`).join(', ')}`,
      unit: '',
      note: `open-loop, latency from scheduled send to end of answer; load generator and Slack stand-in in child processes (the stand-in ${slack.priority}: Slack's servers are not on this machine in production); pidbot in worker mode (main thread: receiver, inbox, acks, beside the bare Bolt app; worker thread: listeners, notifications, PURL calls, SLACK_INBOX_WORKER_NICE=${core.config.inboxWorkerNice}); the main heap collected before every round of either app; CPU share is the whole bench process's; channel posts spaced ${PER_CHANNEL_INTERVAL_MS} ms (production 1100 ms) so the work after the acks competes for the CPU and can drain`,
    });
  } finally {
    generator.kill();
    await baseline?.stop();
    shutdown.started();
    await shutdown.run('bench section done');
    await slack.close();
    await core.dispose();
  }
  return rows;
}
