/**
 * Lowering one thread's priority (the bot's worker thread): each case runs
 * `lowerThreadPriority` in a thread of its own, and /proc tells what that
 * thread and this one then have.
 */
import { getPriority } from 'node:os';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { LoweredPriority, WorkerPriority } from '../src/threadPriority.js';
import { SCHED_IDLE, SCHED_OTHER, threadScheduling } from './support/threadScheduling.js';

const MODULE = new URL('../src/threadPriority.ts', import.meta.url).href;

interface Outcome {
  lowered: LoweredPriority | undefined;
  thread: { nice: number; policy: number };
}

/** Lowers a new thread's priority, reads its scheduling while it still runs, then lets it end. */
async function lowerInNewThread(priority: WorkerPriority, env: NodeJS.ProcessEnv = process.env): Promise<Outcome> {
  const tsx = import.meta.resolve('tsx/esm/api');
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const { readlinkSync } = require('node:fs');
     import(${JSON.stringify(tsx)})
       .then((api) => api.tsImport(${JSON.stringify(MODULE)}, ${JSON.stringify(MODULE)}))
       .then((m) => {
         const lowered = m.lowerThreadPriority(workerData);
         parentPort.postMessage({ lowered, tid: Number(readlinkSync('/proc/thread-self').split('/').at(-1)) });
         parentPort.once('message', () => process.exit(0));
       });`,
    { eval: true, workerData: priority, env },
  );
  try {
    const { lowered, tid } = await new Promise<{ lowered: LoweredPriority | undefined; tid: number }>(
      (resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      },
    );
    const thread = threadScheduling(process.pid).get(tid);
    if (thread === undefined) throw new Error(`thread ${tid} is gone`);
    return { lowered, thread };
  } finally {
    worker.postMessage('done');
    await new Promise((resolve) => worker.once('exit', resolve));
  }
}

describe.runIf(process.platform === 'linux')('lowerThreadPriority', () => {
  const mainNice = getPriority();
  const mainThread = () => threadScheduling(process.pid).get(process.pid);

  it('gives the calling thread the idle policy and leaves the rest of the process as it was', async () => {
    const { lowered, thread } = await lowerInNewThread('idle');
    expect(lowered).toEqual({ policy: 'idle', nice: mainNice });
    expect(thread.policy).toBe(SCHED_IDLE);
    expect(mainThread()).toEqual({ nice: mainNice, policy: SCHED_OTHER });
  });

  it('takes nice steps instead, up to 19', async () => {
    const seven = await lowerInNewThread(7);
    expect(seven.lowered).toEqual({ policy: 'normal', nice: Math.min(19, mainNice + 7) });
    expect(seven.thread).toEqual({ nice: Math.min(19, mainNice + 7), policy: SCHED_OTHER });
    expect((await lowerInNewThread(19)).thread.nice).toBe(19);
    expect(mainThread()).toEqual({ nice: mainNice, policy: SCHED_OTHER });
  });

  it('changes nothing for 0', async () => {
    const { lowered, thread } = await lowerInNewThread(0);
    expect(lowered).toBeUndefined();
    expect(thread).toEqual({ nice: mainNice, policy: SCHED_OTHER });
  });

  it('falls back to 10 nice steps, saying why, where chrt cannot be run', async () => {
    const { lowered, thread } = await lowerInNewThread('idle', { ...process.env, PATH: '/nonexistent' });
    expect(lowered).toMatchObject({ policy: 'normal', nice: Math.min(19, mainNice + 10) });
    expect(lowered?.idleRefused).toMatch(/ENOENT/);
    expect(thread).toEqual({ nice: Math.min(19, mainNice + 10), policy: SCHED_OTHER });
  });
});
