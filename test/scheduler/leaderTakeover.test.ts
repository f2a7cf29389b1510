/**
 * Two bot processes (from source) on one PostgreSQL schema, one data store,
 * one PURL simulator and one Slack stand-in. The replica holding the
 * scheduler's lease starts the verify sweep; it is SIGKILLed after a
 * checkpoint. The other replica must take the scheduler over within the
 * lease, mark the killed run interrupted and finish the sweep from its
 * checkpoint, without verifying again what was verified before it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest, type OpenedDatabase, openDatabase } from '../../src/db/database.js';
import type { SweepCheckpoint } from '../../src/domain/jobRuns.js';
import { type PurlSimulator, startPurlSimulator } from '../../src/sandbox/purl/purlSimulator.js';
import { type LocalSlackApi, startLocalSlackApi } from '../../src/sandbox/slack/localSlackApi.js';
import { BOT_FROM_SOURCE } from '../support/sourceEntry.js';
import { makeTempDirectory } from '../support/tempDirectory.js';
import { freshTestDatabase, TEST_POSTGRES_URL, type TestDatabase } from '../support/testDatabases.js';
import { seedPublicIdentifiers, writeSimulatorState } from './seedIdentifiers.js';

const IDENTIFIERS = 1000;
/** Pages of 200 at 100 verifies a second: a checkpoint every 2 s, the whole sweep about 10 s. */
const PURL_MAX_RPS = 100;
// Short, yet above a renewal's wait for the writers' lock while the sweep writes on a loaded machine (over 1 s seen).
const LEADER_LEASE_S = 5;
/** The lease, one renewal interval, and slack for two processes from source on a shared 2-core machine. */
const TAKEOVER_BOUND_MS = LEADER_LEASE_S * 1000 + (LEADER_LEASE_S * 1000) / 3 + 5000;

interface Bot {
  child: ChildProcess;
  port: number;
  pid: number;
  /** What it logged, for a failure's message. */
  stderr(): string;
}

interface Readiness {
  role?: 'leader' | 'follower';
  holder?: { host: string; pid: number; expiresAt: string };
}

const children = new Set<ChildProcess>();

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = await probe();
    if (found !== undefined) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

async function readiness(bot: Bot): Promise<Readiness> {
  try {
    const response = await fetch(`http://127.0.0.1:${bot.port}/readyz`, { signal: AbortSignal.timeout(3000) });
    return (await response.json()) as Readiness;
  } catch {
    return {};
  }
}

function startBot(env: Record<string, string>): Promise<Bot> {
  const child = spawn(process.execPath, BOT_FROM_SOURCE, {
    env: { PATH: process.env.PATH ?? '', PORT: '0', LOG_LEVEL: 'info', LOG_FORMAT: 'json', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // Generous: loading the source through tsx on a busy machine has taken over 15 s.
  return until(`a bot to start (stderr so far:\n${stderr})`, 60_000, async () => {
    if (child.exitCode !== null) throw new Error(`a bot exited at start-up:\n${stderr}`);
    const port = Number(/"port":(\d+)[^\n]*"msg":"pidbot is running"/.exec(stderr)?.[1]);
    return port > 0 && child.pid !== undefined ? { child, port, pid: child.pid, stderr: () => stderr } : undefined;
  });
}

/** A six-field schedule firing once a minute, at the second `secondsFromNow` from now. */
function onceAMinuteFromNow(secondsFromNow: number): string {
  return `${(new Date().getUTCSeconds() + secondsFromNow) % 60} * * * * *`;
}

const runsOf = (database: OpenedDatabase) =>
  database.db.selectFrom('job_runs').selectAll().where('job', '=', 'verify_sweep').orderBy('id').execute();

if (TEST_POSTGRES_URL === undefined)
  console.info('Scheduler take-over across two replicas skipped: it needs PIDBOT_TEST_POSTGRES_URL');

describe.skipIf(TEST_POSTGRES_URL === undefined)('two replicas on one PostgreSQL: the scheduler lease', () => {
  let schema: TestDatabase | undefined;
  let database: OpenedDatabase | undefined;
  let sim: PurlSimulator | undefined;
  let slack: LocalSlackApi | undefined;
  let temp: ReturnType<typeof makeTempDirectory> | undefined;
  afterEach(async () => {
    for (const child of children) child.kill('SIGKILL');
    await Promise.all([...children].map((child) => new Promise((resolve) => child.once('exit', resolve))));
    await database?.close();
    await schema?.drop();
    await sim?.close();
    await slack?.close();
    temp?.remove();
  });

  it('SIGKILL of the leader mid-sweep: the other replica leads within the lease and finishes the sweep from its checkpoint', {
    timeout: 180_000,
  }, async () => {
    temp = makeTempDirectory('pidbot-takeover-');
    schema = await freshTestDatabase('postgres');
    database = openDatabase(schema.url);
    await migrateToLatest(database.db);
    const seeded = await seedPublicIdentifiers(database.db, IDENTIFIERS);
    const stateFile = join(temp.path, 'purl-sim.json');
    writeSimulatorState(stateFile, seeded);
    sim = await startPurlSimulator({ stateFile });
    slack = await startLocalSlackApi();
    const purlSim = sim;
    const verifies = () => purlSim.requestLog.filter((e) => e.method === 'verify').length;

    const env = {
      DATABASE_URL: schema.url,
      DATA_STORE_ROOT: join(temp.path, 'store'),
      SLACK_BOT_TOKEN: 'xoxb-takeover-test',
      SLACK_SIGNING_SECRET: 'takeover-test-signing-secret',
      SLACK_API_URL: slack.apiUrl,
      CURATION_CHANNEL_ID: 'C0TAKEOVER',
      CURATOR_USER_IDS: 'U0CURATOR',
      PID_PROVIDER: 'purl',
      PURL_BASE_URL: sim.baseUrl,
      PURL_API_KEY: sim.apiKey,
      PURL_SHOULDER: sim.shoulder,
      PURL_ALLOW_TEST_SHOULDER: 'true',
      PURL_MAX_RPS: String(PURL_MAX_RPS),
      RESOLUTION_CHECKS: 'false',
      LEADER_LEASE_S: String(LEADER_LEASE_S),
      // Both replicas are up before it fires (from-source start-ups take up to ~30 s here); then not again for a minute.
      VERIFY_CRON: onceAMinuteFromNow(40),
    };
    const bots = await Promise.all([startBot(env), startBot(env)]);

    const leader = await until('one replica to lead', 20_000, async () => {
      const roles = await Promise.all(bots.map(readiness));
      const leaders = bots.filter((_, i) => roles[i]?.role === 'leader');
      if (roles.some((r) => r.role === undefined) || leaders.length !== 1) return undefined;
      // Both name the same holder: the leader's process.
      expect(roles.map((r) => r.holder?.pid)).toEqual([leaders[0]?.pid, leaders[0]?.pid]);
      return leaders[0];
    });
    const follower = bots.find((b) => b !== leader)!;
    expect((await readiness(follower)).role).toBe('follower');

    // The leader's sweep, past its first checkpoint.
    const killed = await until('the leader to save a sweep checkpoint', 90_000, async () => {
      const running = (await runsOf(database!)).find((r) => r.outcome === 'running');
      const checkpoint = running?.checkpoint_json && (JSON.parse(running.checkpoint_json) as SweepCheckpoint);
      return checkpoint && checkpoint.afterRequestId > 0 ? running : undefined;
    });
    expect(killed.owner_pid).toBe(leader.pid);
    leader.child.kill('SIGKILL');
    const killedAt = Date.now();
    await new Promise((resolve) => leader.child.once('exit', resolve));
    const verifiesAtKill = verifies();

    await until('the follower to take the scheduler over', TAKEOVER_BOUND_MS, async () =>
      (await readiness(follower)).role === 'leader' ? true : undefined,
    );
    expect(Date.now() - killedAt).toBeLessThan(TAKEOVER_BOUND_MS);
    expect((await readiness(follower)).holder?.pid).toBe(follower.pid);

    const resumed = await until('the resumed sweep to finish', 60_000, async () => {
      const run = (await runsOf(database!)).find((r) => r.resumed_from === killed.id);
      return run?.outcome === 'succeeded' ? run : undefined;
    }).catch(async (error: Error) => {
      throw new Error(
        `${error.message}\nruns: ${JSON.stringify(await runsOf(database!))}\nthe new leader logged:\n${follower.stderr().slice(-6000)}`,
      );
    });
    const runs = await runsOf(database);
    const killedNow = runs.find((r) => r.id === killed.id)!;
    expect(killedNow.outcome).toBe('interrupted');
    expect(resumed).toMatchObject({ trigger: 'takeover', owner_pid: follower.pid });
    expect(JSON.parse(resumed.counts_json)).toMatchObject({ checked: IDENTIFIERS, ok: IDENTIFIERS, errors: 0 });
    // No other sweep ran: the killed one and its continuation.
    expect(runs.filter((r) => r.outcome !== 'skipped').map((r) => r.id)).toEqual([killed.id, resumed.id]);

    // Only what came after the last checkpoint was verified again, not the identifiers before it.
    const checkpoint = JSON.parse(killedNow.checkpoint_json!) as SweepCheckpoint;
    expect(checkpoint.afterRequestId).toBeGreaterThan(0);
    const verifiedAfterKill = verifies() - verifiesAtKill;
    expect(verifiedAfterKill).toBeGreaterThanOrEqual(IDENTIFIERS - checkpoint.afterRequestId);
    // A few verifies the killed process had sent may reach the simulator after the count was taken.
    expect(verifiedAfterKill).toBeLessThanOrEqual(IDENTIFIERS - checkpoint.afterRequestId + 10);
  });
});
