/**
 * Lowering one thread's priority (the bot's worker thread): each case runs
 * `lowerThreadPriority` on the main thread of a child process, and /proc
 * tells what that thread and the child's other threads then have. A child
 * process, not a worker thread, so a thread left under the idle policy on a
 * full machine is killed rather than waited for.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import type { LoweredPriority, WorkerPriority } from '../src/threadPriority.js';
import { SCHED_IDLE, type ThreadScheduling, threadScheduling } from './support/threadScheduling.js';

const MODULE = new URL('../src/threadPriority.ts', import.meta.url).href;
const hasChrt = process.platform === 'linux' && spawnSync('chrt', ['--version']).status === 0;

interface Outcome {
  lowered: LoweredPriority | undefined;
  /** The lowered thread (the child's main thread). */
  thread: ThreadScheduling;
  /** The child's other threads (V8's and libuv's). */
  others: ThreadScheduling[];
}

const children: ChildProcess[] = [];
const scratch: string[] = [];
afterEach(async () => {
  await Promise.all(
    children.splice(0).map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    }),
  );
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Starts a child that lowers its main thread's priority and then waits; reads its threads while it waits. */
async function lowerInChild(priority: WorkerPriority, path = process.env.PATH ?? ''): Promise<Outcome> {
  const script = `
    const { lowerThreadPriority } = await import(${JSON.stringify(MODULE)});
    const lowered = lowerThreadPriority(JSON.parse(process.argv[1]));
    process.stdout.write(JSON.stringify({ lowered: lowered ?? null }) + '\\n');
    // Waits to be read and killed; never outlives the test by long, even if the kill is missed.
    setTimeout(() => process.exit(0), 60_000);`;
  const started = spawn(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script, JSON.stringify(priority)],
    {
      env: { ...process.env, PATH: path },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  children.push(started);
  const [line] = await Promise.race([
    once(createInterface({ input: started.stdout as NodeJS.ReadableStream }), 'line') as Promise<[string]>,
    once(started, 'exit').then(([code]) => {
      throw new Error(`the child exited (${code}) before it reported`);
    }),
  ]);
  const { lowered } = JSON.parse(line) as { lowered: LoweredPriority | null };
  const pid = Number(started.pid);
  const threads = threadScheduling(pid);
  const thread = threads.get(pid);
  if (thread === undefined) throw new Error(`no thread ${pid}`);
  threads.delete(pid);
  return { lowered: lowered ?? undefined, thread, others: [...threads.values()] };
}

describe.runIf(process.platform === 'linux')('lowerThreadPriority', () => {
  // The child starts as this test runner's main thread is.
  const runner = threadScheduling(process.pid).get(process.pid) ?? { nice: 0, policy: 0 };

  it.runIf(hasChrt)('gives the calling thread the idle policy and leaves the other threads as they were', async () => {
    const { lowered, thread, others } = await lowerInChild('idle');
    expect(lowered).toEqual({ policy: 'idle', nice: runner.nice });
    expect(thread.policy).toBe(SCHED_IDLE);
    expect(others.length).toBeGreaterThan(0);
    for (const other of others) expect(other).toEqual(runner);
  });

  it('takes nice steps instead, up to 19', async () => {
    const seven = await lowerInChild(7);
    const nice = Math.min(19, runner.nice + 7);
    expect(seven.lowered).toEqual({ policy: 'normal', nice });
    expect(seven.thread).toEqual({ nice, policy: runner.policy });
    for (const other of seven.others) expect(other).toEqual(runner);
    expect((await lowerInChild(19)).thread.nice).toBe(19);
  });

  it('changes nothing for 0', async () => {
    const { lowered, thread } = await lowerInChild(0);
    expect(lowered).toBeUndefined();
    expect(thread).toEqual(runner);
  });

  it('falls back to 10 nice steps, saying why, where chrt is missing or refuses', async () => {
    const tenDown = { nice: Math.min(19, runner.nice + 10), policy: runner.policy };
    const missing = await lowerInChild('idle', '/nonexistent');
    expect(missing.lowered).toMatchObject({ policy: 'normal', nice: tenDown.nice });
    expect(missing.lowered?.idleRefused).toMatch(/ENOENT/);
    expect(missing.thread).toEqual(tenDown);

    // A chrt that refuses, as one without the right would: its own words are the reason given.
    const bin = mkdtempSync(join(tmpdir(), 'pidbot-chrt-'));
    scratch.push(bin);
    writeFileSync(
      join(bin, 'chrt'),
      '#!/bin/sh\necho "chrt: failed to set pid 0\'s policy: Operation not permitted" >&2\nexit 1\n',
    );
    chmodSync(join(bin, 'chrt'), 0o755);
    const refused = await lowerInChild('idle', `${bin}:${process.env.PATH ?? ''}`);
    expect(refused.lowered?.idleRefused).toBe("chrt: failed to set pid 0's policy: Operation not permitted");
    expect(refused.thread).toEqual(tenDown);
  });
});
