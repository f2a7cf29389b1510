import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/**
 * Lowers the calling thread's CPU priority by `steps` nice levels, up to 19.
 * On Linux a nice value belongs to a thread, and /proc/thread-self names the
 * calling one. Returns the thread's new nice value; undefined where one thread
 * cannot be told from the process (not Linux), which then keeps its priority.
 */
export function lowerThreadPriority(steps: number): number | undefined {
  if (steps === 0 || process.platform !== 'linux') return undefined;
  const threadId = Number(readlinkSync('/proc/thread-self').split('/').at(-1));
  const nice = Math.min(19, getPriority(threadId) + steps);
  setPriority(threadId, nice);
  return nice;
}
