import { execFileSync } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/** How far below the main thread the worker runs: Linux's SCHED_IDLE policy, or nice steps (0–19). */
export type WorkerPriority = 'idle' | number;

/** Nice steps taken where the idle policy cannot be set. */
const IDLE_FALLBACK_NICE_STEPS = 10;

export interface LoweredPriority {
  policy: 'idle' | 'normal';
  /** The thread's nice value (under SCHED_IDLE it no longer weighs). */
  nice: number;
  /** Why the idle policy was not set (nice steps were taken instead). */
  idleRefused?: string;
}

/**
 * Lowers the calling thread's CPU priority below the rest of the process. On
 * Linux a scheduling policy and a nice value belong to a thread, and
 * /proc/thread-self names the calling one. `idle` (SCHED_IDLE) is the
 * strongest: a waking thread of normal policy takes the CPU from it at once,
 * where a niced thread may keep the CPU to the end of its time slice; it
 * still gets a small share when the machine is full.
 * Node has no call for a policy, so util-linux's `chrt` sets it for this
 * thread's id; without `chrt`, or where it is refused, the thread takes
 * IDLE_FALLBACK_NICE_STEPS instead. Returns undefined where nothing changes:
 * `0`, or where one thread cannot be told from the process (not Linux).
 */
export function lowerThreadPriority(priority: WorkerPriority): LoweredPriority | undefined {
  if (priority === 0 || process.platform !== 'linux') return undefined;
  const threadId = Number(readlinkSync('/proc/thread-self').split('/').at(-1));
  if (priority === 'idle') {
    try {
      execFileSync('chrt', ['--idle', '--pid', '0', String(threadId)], { stdio: 'pipe', timeout: 5_000 });
      return { policy: 'idle', nice: getPriority(threadId) };
    } catch (error) {
      // chrt's own words when it ran and refused; the spawn's error (ENOENT: no chrt) when it did not run.
      const said = String((error as { stderr?: Buffer }).stderr ?? '').trim();
      const idleRefused = said || (error instanceof Error ? error.message : String(error));
      return { ...lowerNice(threadId, IDLE_FALLBACK_NICE_STEPS), idleRefused };
    }
  }
  return lowerNice(threadId, priority);
}

function lowerNice(threadId: number, steps: number): LoweredPriority {
  const nice = Math.min(19, getPriority(threadId) + steps);
  setPriority(threadId, nice);
  return { policy: 'normal', nice };
}
