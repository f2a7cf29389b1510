import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDirectory } from './support/tempDirectory.js';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
// Resolved here: the bot runs in a temp folder, where `--import tsx` would not find the package.
const TSX_LOADER = fileURLToPath(new URL('../node_modules/tsx/dist/loader.mjs', import.meta.url));

const running = new Set<ReturnType<typeof spawn>>();

/** The bot process as an operator runs it, in a temp folder with only the given environment. */
function startBot(cwd: string, args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', pathToFileURL(TSX_LOADER).href, MAIN, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.on('exit', () => running.delete(child));
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit') as Promise<[number | null, string | null]>;
  return { child, exited, stderr: () => stderr };
}

/** The port the bot says it listens on, as soon as it says so (bounded wait). */
async function portFrom(stderr: () => string, find: (log: string) => string | undefined): Promise<number> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const port = Number(find(stderr()));
    if (port > 0) return port;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the bot never said it was running:\n${stderr()}`);
}

describe('the bot process', () => {
  let temp: ReturnType<typeof makeTempDirectory>;
  beforeEach(() => {
    temp = makeTempDirectory();
  });
  afterEach(() => {
    // A failed assertion must not leave a bot behind.
    for (const child of running) child.kill('SIGKILL');
    temp.remove();
  });

  it('refuses to start without Slack credentials, naming what is missing and where to look', async () => {
    const bot = startBot(temp.path, [], { DATABASE_URL: join(temp.path, 'db.sqlite') });
    const [code] = await bot.exited;
    expect(code).toBe(1);
    expect(bot.stderr()).toMatch(/SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, CURATION_CHANNEL_ID, CURATOR_USER_IDS or CURATOR_USERGROUP_ID are not set/);
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

  it('runs on its embedded defaults in sandbox mode, answers /healthz and /metrics, and shuts down cleanly on SIGTERM', async () => {
    // Under CI the sandbox logs JSON lines, as anywhere that is not a terminal.
    const token = 'process-metrics-token-0123';
    const bot = startBot(temp.path, ['--sandbox'], { PORT: '0', LOG_LEVEL: 'info', CI: 'true', METRICS_TOKEN: token });
    const port = await portFrom(bot.stderr, (log) => /"port":(\d+)[^\n]*"msg":"pidbot is running"/.exec(log)?.[1]);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(5000) });
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ healthy: true, checks: { database: { ok: true }, pidService: { ok: true } } });
    expect(bot.stderr()).toContain('PID SANDBOX IN USE');

    const metrics = (headers: Record<string, string>) => fetch(`http://127.0.0.1:${port}/metrics`, { headers, signal: AbortSignal.timeout(5000) });
    expect((await metrics({})).status).toBe(401);
    const scraped = await metrics({ authorization: `Bearer ${token}` });
    expect(scraped.status).toBe(200);
    const text = await scraped.text();
    for (const name of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes']) {
      expect(text).toMatch(new RegExp(`^${name} \\d`, 'm'));
    }
    expect(text).toMatch(/^pidbot_requests\{status="Submitted"\} 0$/m);

    bot.child.kill('SIGTERM');
    const [code] = await bot.exited;
    expect(code).toBe(0);
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
});
