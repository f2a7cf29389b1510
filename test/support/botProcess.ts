import { type ChildProcess, spawn } from 'node:child_process';
import { BOT_FROM_SOURCE } from './sourceEntry.js';

/** A bot process started from source, once it logged that it runs. */
export interface BotProcess {
  child: ChildProcess;
  port: number;
  stderr(): string;
  exited: Promise<void>;
}

/**
 * Starts `node src/main.ts` in `cwd` with exactly `env` (plus PATH) and waits, up to
 * `startMs`, for its "pidbot is running" line (LOG_FORMAT=json); `running` gets the
 * child until it exits, so the test's afterEach can kill what is left.
 */
export async function startBotProcess(
  cwd: string,
  env: Record<string, string>,
  running: Set<ChildProcess>,
  startMs = 60_000,
): Promise<BotProcess> {
  const child = spawn(process.execPath, BOT_FROM_SOURCE, {
    cwd,
    env: { PATH: process.env.PATH ?? '', LOG_FORMAT: 'json', LOG_LEVEL: 'info', PORT: '0', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  running.add(child);
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  void exited.then(() => running.delete(child));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const deadline = Date.now() + startMs;
  while (Date.now() < deadline && child.exitCode === null) {
    const port = Number(/"port":(\d+)[^\n]*"msg":"pidbot is running"/.exec(stderr)?.[1]);
    if (port > 0) return { child, port, stderr: () => stderr, exited };
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`the bot never started:\n${stderr}`);
}
