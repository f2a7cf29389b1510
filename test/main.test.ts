import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STATUS } from '../src/domain/statusCodes.js';
import { type PurlSimulator, startPurlSimulator } from '../src/sandbox/purl/purlSimulator.js';
import { submitRequest } from '../src/services/requests/submitRequest.js';
import { ACTION } from '../src/slack/views/actionIds.js';
import { runPidbot } from './cli/runPidbot.js';
import { expectInvariants } from './support/invariants.js';
import { sign } from './support/slackHarness.js';
import { BOT_FROM_SOURCE } from './support/sourceEntry.js';
import { makeTempDirectory } from './support/tempDirectory.js';
import { CURATOR, createTestCore, RESEARCHER, type TestCore } from './support/testCore.js';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const running = new Set<ReturnType<typeof spawn>>();

/** The bot process as an operator runs it, in a temp folder with only the given environment. */
function startBot(cwd: string, args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [...BOT_FROM_SOURCE, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.on('exit', () => running.delete(child));
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const exited = once(child, 'exit') as Promise<[number | null, string | null]>;
  return { child, exited, stderr: () => stderr, stdout: () => stdout };
}

/**
 * The port the bot says it listens on, as soon as it says so (bounded wait:
 * from source through tsx, with its worker thread, a start took over 15 s in
 * a CI run with the other test files loading both cores).
 */
async function portFrom(stderr: () => string, find: (log: string) => string | undefined): Promise<number> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const port = Number(find(stderr()));
    if (port > 0) return port;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the bot never said it was running:\n${stderr()}`);
}

/** The port the bot logged as bound in a JSON line (it runs on PORT=0). */
function boundPort(bot: { stderr(): string }): Promise<number> {
  return portFrom(bot.stderr, (log) => /"port":(\d+)[^\n]*"msg":"pidbot is running"/.exec(log)?.[1]);
}

describe('the bot process', () => {
  let temp: ReturnType<typeof makeTempDirectory>;
  beforeEach(() => {
    temp = makeTempDirectory();
  });
  afterEach(() => {
    // A failed assertion must not leave a bot behind.
    for (const child of running) {
      if (child.spawnargs[0] === 'npm') {
        try {
          process.kill(-(child.pid ?? 0), 'SIGKILL');
        } catch {
          // The group has gone already.
        }
      } else child.kill('SIGKILL');
    }
    running.clear();
    temp.remove();
  });

  it('refuses to start without Slack credentials, naming what is missing and where to look', async () => {
    const bot = startBot(temp.path, [], { DATABASE_URL: join(temp.path, 'db.sqlite') });
    const [code] = await bot.exited;
    expect(code).toBe(1);
    expect(bot.stderr()).toMatch(
      /SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET \(or SLACK_APP_TOKEN for Socket Mode\), CURATION_CHANNEL_ID, CURATOR_USER_IDS or CURATOR_USERGROUP_ID are not set/,
    );
    expect(bot.stderr()).toMatch(/manifest\.yml/);
    expect(bot.stderr()).toMatch(/\.env\.example/);
  });

  it('stops at once on a bad setting, naming every bad variable', async () => {
    const bot = startBot(temp.path, ['--sandbox'], { PORT: 'http', STATUS_CRON: 'hourly' });
    const [code] = await bot.exited;
    expect(code).toBe(1);
    expect(bot.stderr()).toMatch(/PORT: expected a port number/);
    expect(bot.stderr()).toMatch(/STATUS_CRON: expected a node-cron schedule/);
  });

  it('runs on its embedded defaults in sandbox mode, answers /healthz, /livez, /readyz and /metrics, and shuts down cleanly on SIGTERM', async () => {
    // Under CI the sandbox logs JSON lines, as anywhere that is not a terminal.
    const token = 'process-metrics-token-0123';
    const bot = startBot(temp.path, ['--sandbox'], { PORT: '0', LOG_LEVEL: 'info', CI: 'true', METRICS_TOKEN: token });
    const port = await boundPort(bot);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(5000) });
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      healthy: true,
      checks: { database: { ok: true }, pidService: { ok: true } },
    });
    expect(bot.stderr()).toContain('PID SANDBOX IN USE');
    const live = await fetch(`http://127.0.0.1:${port}/livez`, { signal: AbortSignal.timeout(5000) });
    expect(live.status).toBe(200);
    expect(await live.json()).toMatchObject({ live: true });
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(5000) });
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      ready: true,
      // The only replica: it took the scheduler's lease at start-up.
      role: 'leader',
      holder: { pid: bot.child.pid },
      checks: { database: { ok: true }, pidService: { ok: true } },
    });

    const metrics = (headers: Record<string, string>) =>
      fetch(`http://127.0.0.1:${port}/metrics`, { headers, signal: AbortSignal.timeout(5000) });
    expect((await metrics({})).status).toBe(401);
    const scraped = await metrics({ authorization: `Bearer ${token}` });
    expect(scraped.status).toBe(200);
    const text = await scraped.text();
    for (const name of [
      'process_cpu_user_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
      'nodejs_heap_size_used_bytes',
    ]) {
      expect(text).toMatch(new RegExp(`^${name} \\d`, 'm'));
    }
    expect(text).toMatch(/^pidbot_requests\{status="Submitted"\} 0$/m);
    expect(text).toMatch(/^pidbot_scheduler_leader 1$/m);

    bot.child.kill('SIGTERM');
    const [code, signal] = await bot.exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(bot.stderr()).toMatch(/"reason":"SIGTERM"[^\n]*"msg":"shutting down"/);
    expect(bot.stderr()).toMatch(/"msg":"released the scheduler lease"/);
    expect(bot.stderr()).toMatch(/"msg":"scheduler stopped"/);
    expect(bot.stderr()).toMatch(/"msg":"stopped"/);
  });

  it('logs readable lines in the sandbox outside CI', async () => {
    const bot = startBot(temp.path, ['--sandbox'], { PORT: '0' });
    const port = await portFrom(bot.stderr, (log) => /INFO: pidbot is running\n\s+port: (\d+)/.exec(log)?.[1]);
    expect(port).toBeGreaterThan(0);
    expect(bot.stderr()).toMatch(/WARN: SANDBOX MODE: no Slack workspace is used/);
    expect(bot.stderr()).not.toMatch(/^\{"level"/m);
    bot.child.kill('SIGTERM');
    const [code] = await bot.exited;
    expect(code).toBe(0);
    expect(bot.stderr()).toMatch(/INFO: stopped/);
  });

  it('stops once on a repeated SIGINT (under `npm run`, Ctrl-C can reach the bot twice: from the terminal and forwarded by npm)', async () => {
    const bot = startBot(temp.path, ['--sandbox'], { PORT: '0', LOG_LEVEL: 'info', LOG_FORMAT: 'json' });
    await boundPort(bot);
    bot.child.kill('SIGINT');
    bot.child.kill('SIGINT');
    const [code, signal] = await bot.exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(bot.stderr().match(/"msg":"stopped"/g)).toHaveLength(1);
  });

  /** `npm run sandbox` in its own process group, logging JSON into this test's temp folder; kept for cleanup after npm exits. */
  function npmRunSandbox(): { child: ReturnType<typeof spawn>; stderr: () => string } {
    const child = spawn('npm', ['run', '--silent', 'sandbox'], {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        PORT: '0',
        LOG_LEVEL: 'info',
        LOG_FORMAT: 'json',
        DATABASE_URL: join(temp.path, 'db.sqlite'),
        DATA_STORE_ROOT: join(temp.path, 'store'),
      },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Its process group may still hold a bot that missed a signal after npm itself exits.
    running.add(child);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    return { child, stderr: () => stderr };
  }

  it("`npm run sandbox` (the README's first command) stops cleanly on Ctrl-C, which reaches npm and the bot alike", async () => {
    // Its own process group, as in a terminal: Ctrl-C signals the whole group.
    const { child, stderr } = npmRunSandbox();
    const exited = once(child, 'exit') as Promise<[number | null, string | null]>;
    await boundPort({ stderr });
    process.kill(-(child.pid ?? 0), 'SIGINT');
    const [code, signal] = await exited;
    // npm ends with the bot's code, or by the signal itself (its convention when its script was interrupted).
    expect(code === 0 || signal === 'SIGINT', `npm ended with ${code} ${signal}`).toBe(true);
    expect(stderr()).toMatch(/"reason":"SIGINT"[^\n]*"msg":"shutting down"/);
    expect(stderr().match(/"msg":"stopped"/g)).toHaveLength(1);
  });

  it('`npm run sandbox` passes a SIGTERM sent to npm alone (as a process manager sends it) to the bot, which stops', async () => {
    const { child, stderr } = npmRunSandbox();
    // The pipe closes when every process holding it (npm, and the bot it started) has exited.
    const closed = once(child.stderr!, 'close');
    await boundPort({ stderr });
    child.kill('SIGTERM');
    await closed;
    expect(stderr()).toMatch(/"reason":"SIGTERM"[^\n]*"msg":"shutting down"/);
    expect(stderr()).toMatch(/"msg":"stopped"/);
  });

  it('exits with code 1 at SHUTDOWN_TIMEOUT_MS when a part cannot stop (here: a request that never finishes keeps the HTTP server open)', async () => {
    const bot = startBot(temp.path, ['--sandbox'], {
      PORT: '0',
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
      SHUTDOWN_TIMEOUT_MS: '1000',
    });
    const port = await boundPort(bot);
    // Headers and half a body: the server must wait for the rest before it can close.
    const socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    socket.write(
      'POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"type":',
    );
    socket.on('error', () => undefined);
    await new Promise((r) => setTimeout(r, 200));
    const began = Date.now();
    bot.child.kill('SIGTERM');
    const [code] = await bot.exited;
    socket.destroy();
    expect(code).toBe(1);
    expect(Date.now() - began).toBeLessThan(5000);
    expect(bot.stderr()).toMatch(
      /"deadlineMs":1000,"waitingFor":"Slack app and HTTP server"[^\n]*"msg":"shutdown deadline passed; exiting with work unfinished"/,
    );
  });
});

describe('the bot stopping with a mint in flight', () => {
  let t: TestCore;
  let sim: PurlSimulator;
  let temp: ReturnType<typeof makeTempDirectory>;
  let requestId: number;

  beforeEach(async () => {
    temp = makeTempDirectory();
    t = await createTestCore();
    sim = await startPurlSimulator({ shoulder: '10.7282/T3' });
    t.makeFolder(RESEARCHER, 'kelp');
    requestId = (await submitRequest(t.deps, { requesterId: RESEARCHER, folderPath: 'kelp', type: 'DOI' })).id;
  });
  afterEach(async () => {
    for (const child of running) child.kill('SIGKILL');
    running.clear();
    sim.faults.reset();
    await sim.close();
    await t.dispose();
    temp.remove();
  });

  /** The bot on the test core's database, minting through the simulator; a curator clicks Mint and the create is held there. */
  async function botMidMint(env: Record<string, string>) {
    const held = sim.faults.hold('create');
    const bot = startBot(temp.path, ['--sandbox'], {
      PORT: '0',
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
      DATABASE_URL: t.config.databasePath,
      DATA_STORE_ROOT: t.storeRoot,
      CURATOR_USER_IDS: CURATOR,
      PURL_BASE_URL: sim.baseUrl,
      PURL_API_KEY: sim.apiKey,
      PURL_SHOULDER: sim.shoulder,
      PURL_TIMEOUT_MS: '20000',
      ...env,
    });
    const port = await boundPort(bot);
    const secret = /signing secret for signed test requests: (\w+)/.exec(bot.stdout())?.[1] ?? '';
    const body = new URLSearchParams({
      payload: JSON.stringify({
        type: 'block_actions',
        team: { id: 'T0TEST' },
        user: { id: CURATOR },
        api_app_id: 'A0TEST',
        trigger_id: 'trigger-1',
        channel: { id: 'C0SANDBOX' },
        container: { type: 'message', channel_id: 'C0SANDBOX' },
        actions: [{ type: 'button', action_id: ACTION.mint, block_id: 'b', value: String(requestId), action_ts: '1' }],
      }),
    }).toString();
    const timestamp = Math.floor(Date.now() / 1000);
    const clicked = await fetch(`http://127.0.0.1:${port}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': sign(body, timestamp, secret),
      },
      body,
      signal: AbortSignal.timeout(5000),
    });
    expect(clicked.status).toBe(200);
    await held.reached;
    return { bot, held };
  }
  const history = async () => (await t.deps.uow.repos.history.forRequest(requestId)).map((h) => h.toStatus);

  it('on SIGTERM takes no new work but lets the mint in flight finish, then exits 0', async () => {
    const { bot, held } = await botMidMint({});
    bot.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    held.release();
    const [code] = await bot.exited;
    expect(code).toBe(0);
    expect(await history()).toEqual([STATUS.submitted, STATUS.completion]);
    expect(sim.identifiers.size).toBe(1);
    await expectInvariants({ database: t.database, storeRoot: t.storeRoot, purl: sim });
  }, 60_000);

  it('past SHUTDOWN_GRACE_MS leaves the mint resumable, not Failed, exits 0, and the next Mint continues it', async () => {
    const { bot, held } = await botMidMint({ SHUTDOWN_GRACE_MS: '300' });
    bot.child.kill('SIGTERM');
    const [code] = await bot.exited;
    held.release();
    expect(code).toBe(0);
    expect(bot.stderr()).toMatch(/"msg":"stopping with mints unfinished; minting again continues them"/);
    expect(bot.stderr()).not.toMatch(/"level":"error"|"msg":"mint failed"|deadline passed/);
    expect(await history()).toEqual([STATUS.submitted]);
    expect(await t.deps.uow.repos.mintJournal.latest(requestId)).toMatchObject({ status: 'interrupted' });
    await expectInvariants({ database: t.database, storeRoot: t.storeRoot, purl: sim });

    const again = await runPidbot(t, ['mint', String(requestId), '--as', CURATOR, '--json'], {
      PURL_BASE_URL: sim.baseUrl,
      PURL_API_KEY: sim.apiKey,
      PURL_SHOULDER: sim.shoulder,
    });
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ resumedFrom: 'reserve' });
    expect(await history()).toEqual([STATUS.submitted, STATUS.completion]);
    expect(sim.identifiers.size).toBe(1);
    await expectInvariants({ database: t.database, storeRoot: t.storeRoot, purl: sim });
  }, 60_000);
});
