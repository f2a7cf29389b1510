/**
 * Two bot replicas on one PostgreSQL against one: ack latency at 200
 * requests/s. Each replica is a bot process started from source (as
 * `npm start` runs it) on the same schema and data store, against the Slack
 * stand-in (a child process, unpaced: SLACK_PACING=false). The request stream
 * is slack ack's mix; with two replicas it is split between them, every other
 * request to each (two load generators, 100/s each), as a load balancer
 * would. The figure is the time to HTTP 200 from each request's scheduled send.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import pg from 'pg';
import { type BotProcess, startBotProcess } from '../../test/support/botProcess.js';
import type { BenchRow } from '../benchRow.js';
import { BENCH_CURATOR, type BenchCore, createBenchCore } from '../support/benchCore.js';
import type { LoadRequest } from '../support/slackLoadGenerator.js';
import { type SlackStandIn, startSlackStandInProcess } from '../support/slackStandInProcess.js';
import { round, summarise } from '../support/stats.js';
import { CHANNEL, load, requestStream, SIGNING_SECRET, startGenerator } from './slackAck.js';

const SECTION = 'replicas';
const RATE = 200;
const DURATION_MS = 5_000;
const WARMUP = { rate: 100, durationMs: 2_000 };
const SEEDED_REQUESTS = 100;
/** The server the replicas share; the section is skipped without one. */
const POSTGRES_URL = process.env.PIDBOT_BENCH_POSTGRES_URL ?? process.env.PIDBOT_TEST_POSTGRES_URL;
/** Never during the run: only the load makes work. */
const NEVER = '0 0 1 1 *';

interface Schema {
  url: string;
  drop(): Promise<void>;
}

async function freshSchema(serverUrl: string): Promise<Schema> {
  const admin = new pg.Pool({ connectionString: serverUrl, max: 1 });
  const schema = `bench_replicas_${randomBytes(4).toString('hex')}`;
  await admin.query(`create schema ${schema}`);
  const url = new URL(serverUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    async drop() {
      await admin.query(`drop schema if exists ${schema} cascade`);
      await admin.end();
    },
  };
}

function replicaEnv(core: BenchCore, slack: SlackStandIn): Record<string, string> {
  return {
    DATABASE_URL: core.config.databasePath,
    DATA_STORE_ROOT: core.config.dataStoreRoot,
    SLACK_BOT_TOKEN: 'xoxb-bench-replica',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    CURATION_CHANNEL_ID: CHANNEL,
    CURATOR_USER_IDS: BENCH_CURATOR,
    PID_PROVIDER: 'sandbox',
    SLACK_PACING: 'false',
    VIEWS_OPEN_PER_USER_PER_MINUTE: '1000000',
    // info: the start-up line says the port.
    LOG_LEVEL: 'info',
    STATUS_CRON: NEVER,
    VERIFY_CRON: NEVER,
    REMIND_CRON: NEVER,
    RESOLUTION_CHECKS: 'false',
  };
}

const urlOf = (bot: BotProcess) => `http://127.0.0.1:${bot.port}/slack/events`;

/** Sends `stream` at `rate` in all, split round-robin over `bots` (one generator each); latencies of 200s, errors. */
async function spread(
  generators: ChildProcess[],
  bots: BotProcess[],
  rate: number,
  stream: LoadRequest[],
): Promise<{ latencies: number[]; errors: number }> {
  const shares = bots.map((_, i) => stream.filter((_, j) => j % bots.length === i));
  const results = await Promise.all(
    bots.map((bot, i) => load(generators[i] as ChildProcess, urlOf(bot), rate / bots.length, shares[i] ?? [])),
  );
  return {
    latencies: results.flatMap((r) => r.latencies.filter((ms) => ms >= 0)),
    errors: results.reduce((sum, r) => sum + Object.values(r.errors).reduce((a, b) => a + b, 0), 0),
  };
}

export async function run(): Promise<BenchRow[]> {
  if (POSTGRES_URL === undefined)
    return [
      {
        section: SECTION,
        metric: 'skipped',
        value: 'set PIDBOT_BENCH_POSTGRES_URL (or PIDBOT_TEST_POSTGRES_URL)',
        unit: '',
      },
    ];
  const schema = await freshSchema(POSTGRES_URL);
  const running = new Set<ChildProcess>();
  const generators = [startGenerator(), startGenerator()];
  let core: BenchCore | undefined;
  let slack: SlackStandIn | undefined;
  try {
    core = await createBenchCore({ DATABASE_URL: schema.url, CURATION_CHANNEL_ID: CHANNEL });
    slack = await startSlackStandInProcess();
    const requestIds = (await core.seedRequests(SEEDED_REQUESTS, 'replicas')).map((r) => r.id);
    const env = replicaEnv(core, slack);
    const first = await startBotProcess(core.root, env, running);
    const measured: Record<string, { latencies: number[]; errors: number; load: number }> = {};
    const rounds: [string, () => Promise<BotProcess[]>][] = [
      ['one replica', async () => [first]],
      ['two replicas', async () => [first, await startBotProcess(core?.root ?? '', env, running)]],
    ];
    for (const [label, bots] of rounds) {
      const replicas = await bots();
      const stand = slack;
      await spread(
        generators,
        replicas,
        WARMUP.rate,
        requestStream((WARMUP.rate * WARMUP.durationMs) / 1000, requestIds, stand, 1),
      );
      const stream = requestStream((RATE * DURATION_MS) / 1000, requestIds, stand, RATE);
      const result = await spread(generators, replicas, RATE, stream);
      measured[label] = { ...result, load: loadavg()[0] ?? 0 };
    }
    const one = measured['one replica'];
    const two = measured['two replicas'];
    if (one === undefined || two === undefined) return [];
    const [a, b] = [summarise(one.latencies), summarise(two.latencies)];
    const label = `${RATE}/s for ${DURATION_MS / 1000} s, slack ack's mix`;
    return [
      {
        section: SECTION,
        metric: `${label}: p50, two replicas`,
        value: round(b.p50, 2),
        unit: 'ms',
        target: `one replica ${round(a.p50, 2)} ms`,
      },
      {
        section: SECTION,
        metric: `${label}: p99, two replicas`,
        value: round(b.p99, 2),
        unit: 'ms',
        target: `one replica ${round(a.p99, 2)} ms`,
        note: `max ${round(b.max, 1)} ms (one replica ${round(a.max, 1)} ms); errors ${two.errors} (one replica ${one.errors}); 1-min load average ${round(two.load, 1)} (one replica ${round(one.load, 1)})`,
      },
      { section: SECTION, metric: `${label}: p99 ratio two/one`, value: round(b.p99 / a.p99, 2), unit: '×' },
      {
        section: SECTION,
        metric: 'set-up',
        value: `${SEEDED_REQUESTS} requests on one PostgreSQL schema; bot processes from source`,
        unit: '',
        note: 'two replicas: the stream split every other request, 100/s to each; one generator process per replica; Slack stand-in in a child process, unpaced',
      },
    ];
  } finally {
    for (const generator of generators) generator.kill();
    for (const child of running) child.kill('SIGKILL');
    await slack?.close();
    await core?.dispose();
    await schema.drop();
  }
}
